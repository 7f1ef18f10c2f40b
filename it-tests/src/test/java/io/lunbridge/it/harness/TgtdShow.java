package io.lunbridge.it.harness;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the sessions of one target out of {@code tgtadm --lld iscsi --mode target --op show}.
 *
 * <p>Why: multipath tests count what the target sees, independently of what the initiator reports
 * about itself: one I_T nexus (session) per path, no leaked ones after a flapping link. The
 * output's shape (tgt 1.0.x, usr/iscsi/target.c):
 * <pre>
 * Target 1: iqn...
 *     I_T nexus information:
 *         I_T nexus: 3
 *             Initiator: iqn.2026-11.io.lunbridge.it:x alias: host
 *             Connection: 0
 *                 IP Address: 198.18.128.5
 *     LUN information:
 * </pre>
 */
public final class TgtdShow {

    private static final Pattern TARGET = Pattern.compile("^Target (\\d+): (\\S+)\\s*$");
    private static final Pattern NEXUS = Pattern.compile("^\\s+I_T nexus: (\\d+)\\s*$");
    private static final Pattern INITIATOR = Pattern.compile("^\\s+Initiator: (\\S+)(?: alias: .*)?$");
    private static final Pattern ADDRESS = Pattern.compile("^\\s+IP Address: (\\S+)\\s*$");
    private static final Pattern SECTION = Pattern.compile("^ {4}\\S.*$");

    /**
     * One session at the target.
     *
     * @param id          tgtd's I_T nexus number
     * @param initiator   the initiator name it logged in with
     * @param connections the initiator's address of each connection (its "IP Address" lines), in order
     */
    public record Nexus(long id, String initiator, List<String> connections) {
    }

    private TgtdShow() {
    }

    /** The nexuses of target {@code tid} in {@code show} (empty when it has none or is absent). */
    public static List<Nexus> nexuses(String show, int tid) {
        List<Nexus> result = new ArrayList<>();
        boolean inTarget = false;
        boolean inNexuses = false;
        Long id = null;
        String initiator = null;
        List<String> addresses = new ArrayList<>();
        for (String line : show.split("\n")) {
            Matcher m = TARGET.matcher(line);
            if (m.matches() || SECTION.matcher(line).matches()) {
                if (id != null) {
                    result.add(new Nexus(id, initiator, List.copyOf(addresses)));
                    id = null;
                }
                if (m.matches()) {
                    inTarget = Integer.parseInt(m.group(1)) == tid;
                    inNexuses = false;
                } else {
                    inNexuses = inTarget && line.trim().equals("I_T nexus information:");
                }
                continue;
            }
            if (!inNexuses) {
                continue;
            }
            if ((m = NEXUS.matcher(line)).matches()) {
                if (id != null) {
                    result.add(new Nexus(id, initiator, List.copyOf(addresses)));
                }
                id = Long.parseLong(m.group(1));
                initiator = null;
                addresses.clear();
            } else if ((m = INITIATOR.matcher(line)).matches()) {
                initiator = m.group(1);
            } else if ((m = ADDRESS.matcher(line)).matches()) {
                addresses.add(m.group(1));
            }
        }
        if (id != null) {
            result.add(new Nexus(id, initiator, List.copyOf(addresses)));
        }
        return result;
    }
}
