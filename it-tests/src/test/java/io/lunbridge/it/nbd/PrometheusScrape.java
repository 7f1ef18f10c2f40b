package io.lunbridge.it.nbd;

import io.lunbridge.it.harness.Command;
import io.lunbridge.it.harness.ProcessResult;
import io.lunbridge.it.harness.ProcessRunner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Metrics of a running lunbridge process read as the tests' independent judge: the text is parsed
 * by the Prometheus Python client's parser (src/test/resources/prometheus_samples.py, which raises
 * on any malformed line), samples keyed "name{k="v",…}" with the labels sorted.
 */
public final class PrometheusScrape {
    private static final Duration CLI = Duration.ofSeconds(60);

    private PrometheusScrape() {
    }

    /** Every sample of {@code text}: "name{labels}" → value (the text is kept in a file under {@code work}). */
    public static Map<String, Double> parse(Path work, String text) {
        Path script = Path.of("src/test/resources/prometheus_samples.py").toAbsolutePath();
        try {
            Path file = Files.createTempFile(work, "scrape", ".txt");
            Files.writeString(file, text);
            // the Debian interpreter, which python3-prometheus-client installs into (not a pyenv on PATH)
            String out = NbdClients.ok("/usr/bin/python3", script.toString(), file.toString());
            Map<String, Double> samples = new HashMap<>();
            for (String line : out.split("\n")) {
                int space = line.lastIndexOf(' ');
                samples.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
            }
            return samples;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep a scrape under " + work, e);
        }
    }

    /** {@code lunbridge status --metrics --control CONTROL}, which must succeed: its stdout. */
    public static String statusMetrics(Path control) {
        ProcessResult r = ProcessRunner.runAllowingFailure(Command.of("java", "-jar", ServeProcess.jar().toString(),
                "status", "--metrics", "--control", control.toString()), CLI);
        if (!r.succeeded()) {
            throw new AssertionError("lunbridge status --metrics failed: " + r.describe());
        }
        return r.stdout();
    }

    /** {@link #statusMetrics} parsed. */
    public static Map<String, Double> viaControl(Path work, Path control) {
        return parse(work, statusMetrics(control));
    }

    /** The value of sample {@code name} with the labels {@code keyValues} (key, value, …); absent: an error listing what is there. */
    public static double get(Map<String, Double> samples, String name, String... keyValues) {
        Double v = samples.get(key(name, keyValues));
        if (v == null) {
            throw new AssertionError("no sample " + key(name, keyValues) + " in " + new TreeMap<>(samples).keySet());
        }
        return v;
    }

    /** As above, the labels {@code common} (e.g. a path's) followed by {@code more}. */
    public static double get(Map<String, Double> samples, String name, List<String> common, String... more) {
        List<String> all = new ArrayList<>(common);
        all.addAll(List.of(more));
        return get(samples, name, all.toArray(new String[0]));
    }

    /** "name{k="v",…}" with the labels sorted, as prometheus_samples.py prints them. */
    public static String key(String name, String... keyValues) {
        TreeMap<String, String> labels = new TreeMap<>();
        for (int i = 0; i + 1 < keyValues.length; i += 2) {
            labels.put(keyValues[i], keyValues[i + 1]);
        }
        StringBuilder b = new StringBuilder(name).append('{');
        labels.forEach((k, v) -> b.append(b.length() == name.length() + 1 ? "" : ",").append(k).append("=\"")
                .append(v).append('"'));
        return b.append('}').toString();
    }
}
