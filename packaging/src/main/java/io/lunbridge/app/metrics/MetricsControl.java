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
     * One process' answer to {@code metrics}.
     *
     * @param process the name that tells it from the others (its control socket's file name
     *                without {@code .sock}, e.g. {@code attach-4242}); a label value, so any text
     * @param lines   the data lines, as {@link MetricsRegistry#writeText} writes them
     */
    public record Exposition(String process, List<String> lines) {
    }

    /**
     * The expositions of several processes as one: each metric family once (its HELP and TYPE from
     * the first process that has it), followed by the samples of every process in order. With more
     * than one process every sample gets a first label {@code process="NAME"}, so two processes
     * exporting the same series (two serves of one target, a gauge without labels) never repeat a
     * series, which would make the text invalid. One exposition comes back unchanged. Every family
     * must start with its {@code # HELP} line.
     */
    public static String merge(List<Exposition> expositions) {
        boolean label = expositions.size() > 1;
        Map<String, List<String>> families = new LinkedHashMap<>();
        for (Exposition e : expositions) {
            List<String> family = null;
            boolean repeated = false;
            for (String line : e.lines()) {
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
                } else if (line.startsWith("#")) {
                    if (!repeated) {
                        family.add(line); // a repeated family's TYPE is left out, its samples kept
                    }
                } else if (!line.isBlank()) {
                    family.add(label ? withProcess(line, e.process()) : line);
                }
            }
        }
        StringBuilder b = new StringBuilder();
        families.values().forEach(f -> f.forEach(l -> b.append(l).append('\n')));
        return b.toString();
    }

    /** {@code sample} with {@code process="NAME"} as its first label. */
    static String withProcess(String sample, String process) {
        String value = process.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
        int brace = sample.indexOf('{');
        int space = sample.indexOf(' ');
        if (space < 0) {
            throw new IllegalArgumentException("metrics sample without a value: " + sample);
        }
        if (brace >= 0 && brace < space) {
            boolean empty = sample.charAt(brace + 1) == '}';
            return sample.substring(0, brace + 1) + "process=\"" + value + "\"" + (empty ? "" : ",")
                    + sample.substring(brace + 1);
        }
        return sample.substring(0, space) + "{process=\"" + value + "\"}" + sample.substring(space);
    }
}
