package io.lunbridge.cli;

import io.lunbridge.app.config.ConfigKey;
import io.lunbridge.app.config.Configuration;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * Chooses the log line format before the first logger is created (log4j2.xml selects its layout by
 * the {@code lunbridge.log.format} system property): {@code LUNBRIDGE_LOG_FORMAT}, else
 * {@code log.format} of the default configuration file, else {@code auto}; {@code auto} means
 * {@code journal} when systemd connected stderr to the journal ({@code JOURNAL_STREAM} set), else
 * {@code text}. {@code --config-dir} is not parsed yet at that point, so only
 * {@code LUNBRIDGE_CONFIG_DIR} or /etc/lunbridge is read.
 */
final class LogFormat {
    static final String PROPERTY = "lunbridge.log.format";

    private LogFormat() {
    }

    /** The format for this environment: text, journal or json. */
    static String choose(Map<String, String> env) {
        String chosen = env.get("LUNBRIDGE_LOG_FORMAT");
        if (chosen == null || chosen.isBlank()) {
            chosen = fromConfiguration(env);
        }
        chosen = chosen.strip().toLowerCase(Locale.ROOT);
        if (chosen.equals("auto")) {
            String stream = env.get("JOURNAL_STREAM");
            return stream != null && !stream.isBlank() ? "journal" : "text";
        }
        if (!chosen.equals("text") && !chosen.equals("journal") && !chosen.equals("json")) {
            System.err.println("lunbridge: warning: LUNBRIDGE_LOG_FORMAT: expected auto, text, journal or json, found '"
                    + chosen + "'; using text");
            return "text";
        }
        return chosen;
    }

    private static String fromConfiguration(Map<String, String> env) {
        Path file = ConfigDirectory.locate(null, env.get("LUNBRIDGE_CONFIG_DIR")).resolve("lunbridge.conf");
        try {
            return Configuration.load(file).get(ConfigKey.LOG_FORMAT);
        } catch (Exception e) {
            // the verb that reads the file reports its errors properly; logging just takes the default
            return ConfigKey.LOG_FORMAT.defaultValue();
        }
    }

    /** Sets the property unless the JVM was started with one. */
    static void apply(Map<String, String> env) {
        if (System.getProperty(PROPERTY) == null) {
            System.setProperty(PROPERTY, choose(env));
        }
    }
}
