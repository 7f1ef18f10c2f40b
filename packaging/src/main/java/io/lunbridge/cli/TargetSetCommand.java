package io.lunbridge.cli;

import io.lunbridge.app.config.ConfigKey;
import io.lunbridge.app.config.Configuration;
import io.lunbridge.app.store.ConfigStore;
import io.lunbridge.protocol.input.Excerpt;
import io.lunbridge.protocol.naming.IscsiName;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code lunbridge target set IQN [KEY=VALUE | KEY=]...}: a stored target's own multipath settings
 * (mpio.policy, mpio.failback, mpio.replacement-timeout, mpio.polling-interval, mpio.interfaces),
 * which override lunbridge.conf for that target; {@code KEY=} removes one. Without assignments it
 * prints the target's settings.
 */
@Command(name = "set", mixinStandardHelpOptions = true,
        description = "Show or change a stored target's own settings (mpio.* keys overriding lunbridge.conf).")
final class TargetSetCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "IQN", description = "The stored target")
    String target;

    @Parameters(index = "1..*", paramLabel = "KEY=VALUE", description = "KEY=VALUE to set, KEY= to remove")
    List<String> assignments = new ArrayList<>();

    @Mixin
    StoreOption store;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        IscsiName name = IscsiName.parse(target);
        List<String[]> parsed = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        for (String a : assignments) {
            int eq = a.indexOf('=');
            if (eq <= 0) {
                errors.add("'" + Excerpt.of(a) + "': expected KEY=VALUE or KEY=");
                continue;
            }
            String key = a.substring(0, eq).strip();
            String value = a.substring(eq + 1).strip();
            if (!ConfigStore.TARGET_SETTINGS.contains(key)) {
                errors.add("'" + Excerpt.of(key) + "' is not a per-target setting (one of "
                        + String.join(", ", new java.util.TreeSet<>(ConfigStore.TARGET_SETTINGS)) + ")");
                continue;
            }
            if (!value.isEmpty()) {
                try {
                    Configuration.defaults().overriddenBy(Map.of(key, value), key);
                } catch (Configuration.ConfigurationException e) {
                    errors.add(e.getMessage().replaceFirst("^" + java.util.regex.Pattern.quote(key) + ": ", ""));
                    continue;
                }
            }
            parsed.add(new String[] {ConfigKey.of(key).orElseThrow().key(), value.isEmpty() ? null : value});
        }
        if (!errors.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", errors) + "; nothing was changed");
        }
        PrintWriter out = spec.commandLine().getOut();
        try (ConfigStore s = store.open()) {
            for (String[] kv : parsed) {
                s.putSetting(name, kv[0], kv[1]);
            }
            Map<String, String> now = s.settings(name);
            if (now.isEmpty()) {
                out.println(name.value() + ": no settings of its own (lunbridge.conf applies)");
            }
            now.forEach((k, v) -> out.println(name.value() + " " + k + " = " + v));
        }
        return 0;
    }
}
