package io.lunbridge.cli;

import io.lunbridge.protocol.naming.IscsiName;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * Who the initiator is, for verbs that only need its name (targets files use it as the default
 * CHAP name): {@code --initiator-name}, else the name kept in the configuration directory.
 */
public final class InitiatorNameOption {
    @Option(names = "--config-dir", paramLabel = "DIR",
            description = "Configuration directory (default: $LUNBRIDGE_CONFIG_DIR or /etc/lunbridge)")
    Path configDir;

    @Option(names = "--initiator-name", paramLabel = "IQN",
            description = "Initiator name (default: the one kept in CONFIG_DIR/initiatorname)")
    String initiatorName;

    IscsiName resolve() {
        if (initiatorName != null) {
            return IscsiName.parse(initiatorName);
        }
        Path dir = configDir;
        if (dir == null) {
            String env = System.getenv("LUNBRIDGE_CONFIG_DIR");
            dir = env != null && !env.isBlank() ? Path.of(env) : ConfigDirectory.DEFAULT;
        }
        return IscsiName.parse(new ConfigDirectory(dir).initiatorName());
    }
}
