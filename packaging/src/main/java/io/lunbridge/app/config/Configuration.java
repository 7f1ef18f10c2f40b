package io.lunbridge.app.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The contents of {@code /etc/lunbridge/lunbridge.conf}: each {@link ConfigKey}'s value and where
 * it came from (the file and line, or the default). A missing file means all defaults. Every error
 * names the file, the line and the key, and all errors of a file are reported together.
 */
public final class Configuration {
    /** The default location of the configuration file. */
    public static final Path DEFAULT_FILE = Path.of("/etc/lunbridge/lunbridge.conf");

    private final Map<ConfigKey, String> values;
    private final Map<ConfigKey, String> origins;

    private Configuration(Map<ConfigKey, String> values, Map<ConfigKey, String> origins) {
        this.values = values;
        this.origins = origins;
    }

    /** A configuration made only of defaults. */
    public static Configuration defaults() {
        return new Configuration(new EnumMap<>(ConfigKey.class), new EnumMap<>(ConfigKey.class));
    }

    /** Thrown with every error of a configuration file. */
    public static final class ConfigurationException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;
        private final List<String> errors;

        ConfigurationException(List<String> errors) {
            super(String.join("\n", errors));
            this.errors = List.copyOf(errors);
        }

        public List<String> errors() {
            return errors;
        }
    }

    /** Reads a file; a file that does not exist gives the defaults. */
    public static Configuration load(Path file) throws IOException {
        try {
            return parse(file.toString(), Files.readString(file, StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            return defaults();
        }
    }

    /** Parses file content; {@code name} is used in messages. */
    public static Configuration parse(String name, String content) {
        Map<ConfigKey, String> values = new EnumMap<>(ConfigKey.class);
        Map<ConfigKey, String> origins = new EnumMap<>(ConfigKey.class);
        List<String> errors = new ArrayList<>();
        String[] lines = content.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = stripComment(lines[i]).strip();
            if (line.isEmpty()) {
                continue;
            }
            String where = name + ":" + (i + 1);
            int eq = line.indexOf('=');
            if (eq < 0) {
                errors.add(where + ": expected 'key = value', found '" + line + "'");
                continue;
            }
            String keyName = line.substring(0, eq).strip();
            String value = line.substring(eq + 1).strip();
            ConfigKey key = ConfigKey.of(keyName).orElse(null);
            if (key == null) {
                errors.add(where + ": unknown key '" + keyName + "' (known keys: " + String.join(", ", ConfigKey.names()) + ")");
                continue;
            }
            if (values.containsKey(key)) {
                errors.add(where + ": " + key.key() + " is set again (first set at " + origins.get(key) + ")");
                continue;
            }
            String problem = ConfigValues.check(key, value);
            if (problem != null) {
                errors.add(where + ": " + key.key() + ": " + problem);
                continue;
            }
            values.put(key, value);
            origins.put(key, where);
        }
        if (!errors.isEmpty()) {
            throw new ConfigurationException(errors);
        }
        return new Configuration(values, origins);
    }

    private static String stripComment(String line) {
        int hash = line.indexOf('#');
        return hash < 0 ? line : line.substring(0, hash);
    }

    /** The value of a key (the default when the file does not set it). */
    public String get(ConfigKey key) {
        return values.getOrDefault(key, key.defaultValue());
    }

    /** A comma-separated value as a list (empty values left out). */
    public List<String> list(ConfigKey key) {
        String v = get(key).strip();
        if (v.isEmpty()) {
            return Collections.emptyList();
        }
        return Arrays.stream(v.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    /** An integer value (checked when the file was parsed). */
    public int integer(ConfigKey key) {
        return Integer.parseInt(get(key).strip());
    }

    /** "FILE:LINE" where the key was set, or "default". */
    public String origin(ConfigKey key) {
        return origins.getOrDefault(key, "default");
    }

    /** Every key with its value and origin, as {@code lunbridge config show} prints it. */
    public String render() {
        StringBuilder sb = new StringBuilder();
        for (ConfigKey k : ConfigKey.values()) {
            sb.append("# ").append(k.description()).append(" (").append(origin(k)).append(")\n")
                    .append(k.key()).append(" = ").append(get(k)).append("\n");
        }
        return sb.toString();
    }
}
