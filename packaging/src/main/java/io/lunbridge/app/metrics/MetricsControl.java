package io.lunbridge.app.metrics;

import io.lunbridge.app.control.ControlReply;
import io.lunbridge.app.control.ControlRequest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Metrics over the control socket: the {@code metrics} request a serving process answers with its
 * registry in the Prometheus text format (one data line per line of text), and the merge of the
 * answers of several processes into one exposition for {@code lunbridge status --metrics}.
 */
public final class MetricsControl {
    /** The control request's verb. */
    public static final String VERB = "metrics";

    private MetricsControl() {
    }

    /** The handler of the {@code metrics} request for {@code registry}. */
    public static Function<ControlRequest, ControlReply> verb(MetricsRegistry registry) {
        return r -> {
            if (!r.arguments().isEmpty()) {
                return ControlReply.error("expected: metrics (no arguments), got: " + r.format());
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try {
                registry.writeText(out);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            String text = out.toString(StandardCharsets.UTF_8);
            List<String> lines = text.isEmpty() ? List.of() : List.of(text.split("\n"));
            return new ControlReply(ControlReply.Status.OK, "prometheus text format 0.0.4", lines);
        };
    }

    /**
     * The expositions of several processes as one: each metric family once (its HELP and TYPE from
     * the first process that has it), followed by the samples of every process in order. One
     * exposition comes back unchanged. Lines must be those {@link MetricsRegistry#writeText} writes:
     * every family starts with its {@code # HELP} line.
     */
    public static String merge(List<List<String>> expositions) {
        Map<String, List<String>> families = new LinkedHashMap<>();
        for (List<String> lines : expositions) {
            List<String> family = null;
            boolean repeated = false;
            for (String line : lines) {
                if (line.startsWith("# HELP ")) {
                    String name = line.split(" ", 4)[2];
                    repeated = families.containsKey(name);
                    family = families.computeIfAbsent(name, n -> new ArrayList<>());
                    if (!repeated) {
                        family.add(line);
                    }
                } else if (family == null) {
                    if (!line.isBlank()) {
                        throw new IllegalArgumentException("metrics line before any '# HELP': " + line);
                    }
                } else if (!(repeated && line.startsWith("#"))) {
                    family.add(line); // a repeated family's TYPE is left out, its samples kept
                }
            }
        }
        StringBuilder b = new StringBuilder();
        families.values().forEach(f -> f.forEach(l -> b.append(l).append('\n')));
        return b.toString();
    }
}
