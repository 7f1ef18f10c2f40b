package io.lunbridge.cli;

import io.lunbridge.app.config.Configuration;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --config-dir}: where lunbridge.conf and the initiator name are; for verbs that need nothing else. */
public final class ConfigDirOption {
    @Option(names = "--config-dir", paramLabel = "DIR",
            description = "Configuration directory (default: $LUNBRIDGE_CONFIG_DIR or /etc/lunbridge)")
    Path configDir;

    Path configDirectory() {
        if (configDir != null) {
            return configDir;
        }
        String env = System.getenv("LUNBRIDGE_CONFIG_DIR");
        return env != null && !env.isBlank() ? Path.of(env) : ConfigDirectory.DEFAULT;
    }

    /** The configuration file: CONFIG_DIR/lunbridge.conf (all defaults when it does not exist). */
    Configuration configuration() {
        Path file = configDirectory().resolve("lunbridge.conf");
        try {
            return Configuration.load(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
