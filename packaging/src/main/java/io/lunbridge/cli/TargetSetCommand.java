package io.lunbridge.cli;

import io.lunbridge.app.config.ConfigKey;
import io.lunbridge.app.config.Configuration;
import io.lunbridge.app.store.ConfigStore;
import io.lunbridge.app.store.LunAllowList;
import io.lunbridge.app.store.Startup;
import io.lunbridge.app.store.StartupPolicy;
import io.lunbridge.app.store.StoreException;
import io.lunbridge.app.store.StoredTarget;
import io.lunbridge.app.store.VolumeGroups;
import io.lunbridge.protocol.input.Excerpt;
import io.lunbridge.protocol.naming.IscsiName;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code lunbridge target set IQN [KEY=VALUE | KEY=]...}: a stored target's own multipath settings
 * (mpio.policy, mpio.failback, mpio.replacement-timeout, mpio.polling-interval, mpio.interfaces),
 * which override lunbridge.conf for that target, and what the daemon does with it
 * ({@code startup=manual|automatic}, {@code luns=all|N,M...}, {@code vgs=VG,VG...}: the volume groups
 * it activates after attach); {@code KEY=} removes one (back to the default). Without assignments it
 * prints the target's settings.
 */
@Command(name = "set", mixinStandardHelpOptions = true,
        description = "Show or change a stored target's own settings (mpio.* keys overriding lunbridge.conf; "
                + "startup=manual|automatic, luns=all|N,M and vgs=VG,VG for the daemon).")
final class TargetSetCommand implements Callable<Integer> {
    private static final String STARTUP = "startup";
    private static final String LUNS = "luns";

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
        Function<StartupPolicy, StartupPolicy> policy = Function.identity();
        boolean startupChanged = false;
        VolumeGroups vgs = null;
        for (String a : assignments) {
            int eq = a.indexOf('=');
            if (eq <= 0) {
                errors.add("'" + Excerpt.of(a) + "': expected KEY=VALUE or KEY=");
                continue;
            }
            String key = a.substring(0, eq).strip();
            String value = a.substring(eq + 1).strip();
            if (key.equals(STARTUP) || key.equals(LUNS)) {
                try {
                    policy = key.equals(STARTUP)
                            ? policy.andThen(p -> p.withStartup(value.isEmpty() ? Startup.MANUAL : Startup.parse(value)))
                            : policy.andThen(p -> p.withLuns(value.isEmpty() ? LunAllowList.ALL : LunAllowList.parse(value)));
                    policy.apply(StartupPolicy.DEFAULT); // checks the value now, before anything is written
                } catch (StoreException e) {
                    errors.add(e.getMessage());
                    policy = Function.identity();
                }
                startupChanged = true;
                continue;
            }
            if (key.equals(VolumeGroups.KEY)) {
                try {
                    vgs = VolumeGroups.parse(value);
                } catch (StoreException e) {
                    errors.add(e.getMessage());
                }
                continue;
            }
            if (!ConfigStore.TARGET_SETTINGS.contains(key)) {
                errors.add("'" + Excerpt.of(key) + "' is not a per-target setting (one of " + STARTUP + ", " + LUNS
                        + ", " + VolumeGroups.KEY + ", " + String.join(", ", new java.util.TreeSet<>(ConfigStore.TARGET_SETTINGS)) + ")");
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
            StoredTarget stored = s.find(name).orElseThrow(() -> new StoreException("target " + name.value()
                    + " is not in the store " + s.file()));
            if (vgs != null) {
                s.setVolumeGroups(name, vgs); // first: the one write the store itself may refuse (VG of another target)
            }
            for (String[] kv : parsed) {
                s.putSetting(name, kv[0], kv[1]);
            }
            StartupPolicy startup = policy.apply(stored.startup());
            if (startupChanged) {
                s.setStartup(name, startup);
            }
            VolumeGroups nowVgs = vgs != null ? vgs : stored.volumeGroups();
            Map<String, String> now = s.settings(name);
            if (now.isEmpty() && startup.equals(StartupPolicy.DEFAULT) && nowVgs.isEmpty()) {
                out.println(name.value() + ": no settings of its own (lunbridge.conf applies)");
            }
            if (startup.startup() != StartupPolicy.DEFAULT.startup()) {
                out.println(name.value() + " " + STARTUP + " = " + startup.startup().text());
            }
            if (!startup.luns().equals(LunAllowList.ALL)) {
                out.println(name.value() + " " + LUNS + " = " + startup.luns().text());
            }
            if (!nowVgs.isEmpty()) {
                out.println(name.value() + " " + VolumeGroups.KEY + " = " + nowVgs.text());
            }
            now.forEach((k, v) -> out.println(name.value() + " " + k + " = " + v));
        }
        return 0;
    }
}
