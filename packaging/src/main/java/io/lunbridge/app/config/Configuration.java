package io.lunbridge.app.config;

import io.lunbridge.protocol.input.Excerpt;
import io.lunbridge.protocol.input.InputFileException;
import io.lunbridge.protocol.input.TextSource;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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

    /** Largest configuration file read (it stops a runaway FIFO, not a real file). */
    public static final long MAX_FILE_BYTES = 64L * 1024 * 1024;
    /** Longest value, in bytes: room for long server lists and paths. */
    public static final int MAX_VALUE_BYTES = 4096;
    /** Longest key name, in bytes (the longest known key is far shorter). */
    public static final int MAX_KEY_BYTES = 64;
    /** Errors collected before reading stops. */
    public static final int MAX_ERRORS = 100;

    /**
     * Reads a file as a stream (a line of any length takes constant memory); a file that does not
     * exist gives the defaults. A UTF-8 byte-order mark at its start is skipped.
     *
     * @throws InputFileException if it is a directory or cannot be read
     * @throws ConfigurationException with every error, including a file that is not UTF-8 text
     */
    public static Configuration load(Path file) throws IOException {
        if (Files.notExists(file)) {
            return defaults();
        }
        try (TextSource in = TextSource.open(file, "configuration file", MAX_FILE_BYTES)) {
            return parse(file.toString(), in);
        }
    }

    /** Parses file content; {@code name} is used in messages. */
    public static Configuration parse(String name, String content) {
        try (TextSource in = TextSource.of(name, new ByteArrayInputStream(content.getBytes(StandardCharsets.UTF_8)),
                Long.MAX_VALUE)) {
            return parse(name, in);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // an in-memory stream does not fail to close
        }
    }

    private static Configuration parse(String name, TextSource in) {
        Map<ConfigKey, String> values = new EnumMap<>(ConfigKey.class);
        Map<ConfigKey, String> origins = new EnumMap<>(ConfigKey.class);
        List<String> errors = new ArrayList<>();
        ConfigScanner scanner = new ConfigScanner(in);
        try {
            ConfigScanner.ConfigLine line;
            while ((line = scanner.next(MAX_KEY_BYTES + 1, MAX_VALUE_BYTES + 1)) != null
                    && errors.size() < MAX_ERRORS) {
                String problem = check(line, values, origins, name);
                if (problem != null) {
                    errors.add(name + ":" + line.number() + ": " + problem);
                }
            }
            if (errors.size() >= MAX_ERRORS) {
                errors.add(name + ": stopped after " + MAX_ERRORS + " errors");
            }
        } catch (InputFileException e) {
            errors.add(name + ":" + scanner.line() + ": " + e.problem());
        }
        if (!errors.isEmpty()) {
            throw new ConfigurationException(errors);
        }
        return new Configuration(values, origins);
    }

    /**
     * This configuration with {@code settings} (key to value, e.g. a stored target's own) set over
     * it; each is checked like a line of the file.
     *
     * @param origin where the settings come from, for messages and {@link #origin}-style reporting
     * @throws ConfigurationException naming the origin and every bad key or value
     */
    public Configuration overriddenBy(Map<String, String> settings, String origin) {
        Map<ConfigKey, String> v = new EnumMap<>(ConfigKey.class);
        v.putAll(values);
        Map<ConfigKey, String> o = new EnumMap<>(ConfigKey.class);
        o.putAll(origins);
        List<String> errors = new java.util.ArrayList<>();
        for (Map.Entry<String, String> e : settings.entrySet()) {
            ConfigKey key = ConfigKey.of(e.getKey()).orElse(null);
            String problem = key == null ? "unknown key '" + Excerpt.of(e.getKey()) + "'" : ConfigValues.check(key, e.getValue());
            if (problem != null) {
                errors.add(origin + ": " + (key == null ? "" : key.key() + ": ") + problem);
                continue;
            }
            v.put(key, e.getValue());
            o.put(key, origin);
        }
        if (!errors.isEmpty()) {
            throw new ConfigurationException(errors);
        }
        return new Configuration(v, o);
    }

    /** Checks one line and records its value; returns what is wrong, or null. */
    private static String check(ConfigScanner.ConfigLine line, Map<ConfigKey, String> values,
                                Map<ConfigKey, String> origins, String name) {
        if (line.blank()) {
            return null;
        }
        if (!line.hasEquals()) {
            return "expected 'key = value', found '" + Excerpt.of(line.key().text()) + "'";
        }
        String keyName = line.key().text();
        ConfigKey key = line.key().length() > MAX_KEY_BYTES ? null : ConfigKey.of(keyName).orElse(null);
        if (key == null) {
            return "unknown key '" + Excerpt.of(keyName) + "' (known keys: " + String.join(", ", ConfigKey.names()) + ")";
        }
        if (line.value().length() > MAX_VALUE_BYTES) {
            return key.key() + ": value too long (" + line.value().length() + " bytes, at most " + MAX_VALUE_BYTES + ")";
        }
        if (values.containsKey(key)) {
            return key.key() + " is set again (first set at " + origins.get(key) + ")";
        }
        String value = line.value().text();
        String problem = ConfigValues.check(key, value);
        if (problem != null) {
            return key.key() + ": " + problem;
        }
        values.put(key, value);
        origins.put(key, name + ":" + line.number());
        return null;
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

    /** Smallest {@link ConfigKey#NBD_MAX_BYTES_IN_FLIGHT}: one 4 KiB block. */
    static final long MIN_BYTES_IN_FLIGHT = 4096;
    /** Largest {@link ConfigKey#NBD_MAX_BYTES_IN_FLIGHT}. */
    static final long MAX_BYTES_IN_FLIGHT = 4L << 30;

    /** {@link ConfigKey#NBD_MAX_BYTES_IN_FLIGHT} in bytes (checked when the file was parsed). */
    public long maxBytesInFlight() {
        return ByteCount.parse(get(ConfigKey.NBD_MAX_BYTES_IN_FLIGHT), MIN_BYTES_IN_FLIGHT, MAX_BYTES_IN_FLIGHT);
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
