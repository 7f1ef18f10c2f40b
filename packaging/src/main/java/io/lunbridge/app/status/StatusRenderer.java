package io.lunbridge.app.status;

import io.lunbridge.mpio.DeviceStatus;
import io.lunbridge.mpio.PathStatus;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Renders device status like {@code multipath -ll} (text) or as the JSON object documented in
 * docs/architecture.md ("Control socket").
 */
public final class StatusRenderer {
    private StatusRenderer() {
    }

    /** The text form: a map line, a features line, then one line per path. */
    public static String text(long pid, String verb, String target, List<DeviceStatus> devices) {
        StringBuilder b = new StringBuilder();
        b.append("process ").append(pid).append(" (").append(verb).append(") target ").append(target).append('\n');
        for (DeviceStatus d : devices) {
            b.append(d.name()).append(' ').append(d.identity() == null ? "(no identity)" : d.identity()).append(' ')
                    .append(d.vendorProduct()).append('\n');
            b.append("size=").append(d.sizeBytes()).append(" policy='").append(d.policy()).append("' failback=")
                    .append(d.failback()).append(" replacement-timeout=").append(d.replacementTimeout())
                    .append(" state=").append(d.state());
            if (d.queueingSecondsLeft() != null) {
                b.append(String.format(java.util.Locale.ROOT, " (%.0f s left)", d.queueingSecondsLeft()));
            }
            if (d.stateReason() != null) {
                b.append(" reason='").append(d.stateReason()).append('\'');
            }
            b.append(" failovers=").append(d.failovers()).append(" io-failures=").append(d.ioFailureEpisodes()).append('\n');
            for (PathStatus p : d.paths()) {
                b.append(p.selected() ? "`-* " : "`-- ").append(p.id()).append(' ').append(p.lun()).append(' ')
                        .append(p.state().name().toLowerCase(java.util.Locale.ROOT))
                        .append(" isid=").append(p.isid()).append(" tsih=").append(p.tsih())
                        .append(" failures=").append(p.failures()).append(" inflight=").append(p.inFlight());
                if (p.reason() != null) {
                    b.append(" reason='").append(p.reason()).append('\'');
                }
                b.append('\n');
            }
        }
        return b.toString();
    }

    /** The JSON form of one process. */
    public static Map<String, Object> json(long pid, String verb, String target, List<DeviceStatus> devices) {
        Map<String, Object> proc = new LinkedHashMap<>();
        proc.put("pid", pid);
        proc.put("verb", verb);
        proc.put("target", target);
        List<Object> ds = new ArrayList<>();
        for (DeviceStatus d : devices) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", d.name());
            m.put("identity", d.identity());
            m.put("vendorProduct", d.vendorProduct());
            m.put("sizeBytes", d.sizeBytes());
            m.put("state", d.state().name());
            m.put("stateReason", d.stateReason());
            m.put("queueingSecondsLeft", d.queueingSecondsLeft());
            m.put("replacementTimeout", d.replacementTimeout());
            m.put("policy", d.policy());
            m.put("failback", d.failback());
            m.put("failovers", d.failovers());
            m.put("ioFailureEpisodes", d.ioFailureEpisodes());
            List<Object> ps = new ArrayList<>();
            for (PathStatus p : d.paths()) {
                Map<String, Object> pm = new LinkedHashMap<>();
                pm.put("id", p.id());
                pm.put("iface", p.netdev());
                pm.put("portal", p.portal());
                pm.put("lun", p.lun());
                pm.put("state", p.state().name());
                pm.put("reason", p.reason());
                pm.put("isid", p.isid());
                pm.put("tsih", p.tsih());
                pm.put("failures", p.failures());
                pm.put("inFlight", p.inFlight());
                pm.put("active", p.selected());
                ps.add(pm);
            }
            m.put("paths", ps);
            ds.add(m);
        }
        proc.put("devices", ds);
        return proc;
    }
}
