package io.lunbridge.protocol.discovery;

import io.lunbridge.protocol.text.KeyValue;
import io.lunbridge.protocol.text.TargetAddress;
import io.lunbridge.protocol.text.TextFormatException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the text of a SendTargets response (RFC 7143 §13.3, Appendix C): each {@code TargetName}
 * followed by its {@code TargetAddress} lines, {@code addr[:port][,tpgt]} (port 3260 when absent,
 * IPv6 in brackets). A target listed without any address is reachable through the portal the
 * discovery session used. A target listed twice has its portals merged.
 */
public final class SendTargetsParser {
    private SendTargetsParser() {
    }

    /**
     * Parses the reassembled response text.
     *
     * @param pairs the decoded key=value pairs of the whole response
     * @param fromPortal the discovery portal, "host:port" ("[v6]:port" for IPv6), used for targets
     *     without addresses and in error messages
     * @throws TextFormatException naming the portal, the pair number (1-based) and the bad value
     */
    public static List<DiscoveredTarget> parse(List<KeyValue> pairs, String fromPortal) {
        Map<String, List<Portal>> targets = new LinkedHashMap<>();
        List<Portal> current = null;
        for (int i = 0; i < pairs.size(); i++) {
            KeyValue kv = pairs.get(i);
            String where = "SendTargets response from " + fromPortal + ", pair " + (i + 1) + " (" + kv + ")";
            switch (kv.key()) {
                case "TargetName":
                    if (kv.value().isEmpty()) {
                        throw new TextFormatException(where + ": empty TargetName");
                    }
                    current = targets.computeIfAbsent(kv.value(), n -> new ArrayList<>());
                    break;
                case "TargetAddress":
                    if (current == null) {
                        throw new TextFormatException(where + ": TargetAddress before any TargetName");
                    }
                    TargetAddress a;
                    try {
                        a = TargetAddress.parse(kv.value());
                    } catch (TextFormatException e) {
                        throw new TextFormatException(where + ": " + e.getMessage());
                    }
                    Portal p = new Portal(a.host(), a.port(), a.portalGroupTag());
                    if (!current.contains(p)) {
                        current.add(p);
                    }
                    break;
                case "SendTargets":
                    throw new TextFormatException("target at " + fromPortal + " answered " + kv
                            + ": it refused the SendTargets request");
                default:
                    throw new TextFormatException(where + ": unexpected key " + kv.key()
                            + " (a SendTargets response holds only TargetName and TargetAddress)");
            }
        }
        Portal discoveryPortal = null;
        List<DiscoveredTarget> out = new ArrayList<>();
        for (Map.Entry<String, List<Portal>> e : targets.entrySet()) {
            List<Portal> portals = e.getValue();
            if (portals.isEmpty()) {
                if (discoveryPortal == null) {
                    discoveryPortal = fromPortal(fromPortal);
                }
                portals = List.of(discoveryPortal);
            }
            out.add(new DiscoveredTarget(e.getKey(), portals));
        }
        return out;
    }

    private static Portal fromPortal(String fromPortal) {
        try {
            TargetAddress a = TargetAddress.parse(fromPortal);
            return new Portal(a.host(), a.port(), a.portalGroupTag());
        } catch (TextFormatException e) {
            throw new IllegalArgumentException("discovery portal '" + fromPortal + "' is not host:port: "
                    + e.getMessage(), e);
        }
    }
}
