package io.lunbridge.cli;

import io.lunbridge.app.discovery.DiscoveryPolicy;
import io.lunbridge.app.discovery.TargetRecord;
import io.lunbridge.protocol.discovery.Portal;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Prints what {@code discover} found by discovery.policy: per method a heading naming where its
 * records came from (for slp the DA that answered, or the SAs after a fallback) and one line per
 * target (name, portals, source), followed by an indented line with what the method knows beyond
 * that (alias, portal group, transports), then the policy's notes.
 */
final class RecordPrinter {
    private final PrintWriter out;

    RecordPrinter(PrintWriter out) {
        this.out = out;
    }

    /** Prints the result; returns how many methods failed. */
    int print(DiscoveryPolicy.Result result) {
        int failed = 0;
        for (DiscoveryPolicy.MethodResult m : result.methods()) {
            if (m.error().isPresent()) {
                failed++;
                out.println(m.method() + " (" + m.where() + "): error: " + m.error().get());
                continue;
            }
            out.println(m.method() + " (" + m.where() + "): " + m.records().size() + " target"
                    + (m.records().size() == 1 ? "" : "s"));
            for (TargetRecord t : m.records()) {
                out.println("    " + t.name().orElseThrow() + " " + t.portals().stream().map(Portal::toString)
                        .collect(Collectors.joining(" ")) + " [" + t.source() + "]");
                String details = details(t);
                if (!details.isEmpty()) {
                    out.println("        " + details);
                }
            }
        }
        for (String note : result.notes()) {
            out.println("note: " + note);
        }
        out.flush();
        return failed;
    }

    /** {@code alias: disk1; portal group: 1; transports: tcp}, each part only when known. */
    static String details(TargetRecord t) {
        List<String> parts = new ArrayList<>();
        if (!t.alias().isEmpty()) {
            parts.add("alias: " + t.alias());
        }
        List<String> groups = t.portals().stream().filter(p -> p.groupTag() >= 0)
                .map(p -> Integer.toString(p.groupTag())).distinct().collect(Collectors.toList());
        if (!groups.isEmpty()) {
            parts.add("portal group: " + String.join(",", groups));
        }
        if (!t.transports().isEmpty()) {
            parts.add("transports: " + String.join(",", t.transports()));
        }
        return String.join("; ", parts);
    }
}
