package io.lunbridge.app.status;

import io.lunbridge.mpio.DeviceStatus;
import io.lunbridge.mpio.PathStatus;
import java.util.Locale;

/**
 * The text form of one {@link TargetView}, {@code multipath -ll} and {@code iscsiadm -m session -P 1}
 * together:
 *
 * <pre>
 * process 4242 (daemon) target iqn.2026-12.example:disks
 * startup: automatic  luns: all (attached from the store)
 * session eth1-&gt;198.18.0.2:3260 iface eth1 portal 198.18.0.2:3260 isid 00023d000001 tsih 3: logged in
 * iqn.2026-12.example:disks/lun1 naa.60000000000000000000000000000001 LIO,disk
 * device /dev/loop3 file /run/lunbridge/fuse/iqn.2026-12.example:disks/lun1
 * size=16777216 (16.0 MiB) policy='failover' failback=immediate replacement-timeout=120 state=QUEUEING (87 s left) ...
 * `-* eth1-&gt;198.18.0.2:3260 LUN 1 failed isid=... tsih=0 failures=1 inflight=0 reason='...' last-change='...'
 * pv /dev/loop3 vg vg0
 * use /dev/loop3 is mounted on /mnt (ext4)
 * flag needs-fsck: ...
 * </pre>
 */
final class TargetText {
    private TargetText() {
    }

    static String render(TargetView t) {
        StringBuilder b = new StringBuilder();
        b.append("process ").append(t.pid()).append(" (").append(t.verb()).append(") target ").append(t.target()).append('\n');
        if (t.startup() != null) {
            b.append(t.startup());
            if (t.origin() != null) {
                b.append(" (attached ").append(t.origin().equals("store") ? "from the store"
                        : t.origin().equals("unstored") ? "on request through its portal, not in the store" : "on request").append(')');
            }
            b.append('\n');
        }
        for (SessionView s : t.sessions()) {
            b.append("session ").append(s.id()).append(" iface ").append(s.iface() == null ? "(routed)" : s.iface())
                    .append(" portal ").append(s.portal()).append(" isid ").append(s.isid()).append(" tsih ")
                    .append(s.tsih()).append(s.loggedIn() ? ": logged in" : ": not logged in").append('\n');
        }
        for (LunView l : t.luns()) {
            lun(b, l);
        }
        return b.toString();
    }

    private static void lun(StringBuilder b, LunView l) {
        DeviceStatus d = l.status();
        b.append(d.name()).append(' ').append(d.identity() == null ? "(no identity)" : d.identity()).append(' ')
                .append(d.vendorProduct()).append('\n');
        if (l.device() != null) {
            b.append("device ").append(l.device());
            if (l.file() != null) {
                b.append(" file ").append(l.file());
            }
            b.append('\n');
        }
        b.append("size=").append(d.sizeBytes()).append(" (").append(humanSize(d.sizeBytes())).append(") policy='")
                .append(d.policy()).append("' failback=").append(d.failback()).append(" replacement-timeout=")
                .append(d.replacementTimeout()).append(" state=").append(d.state());
        if (d.queueingSecondsLeft() != null) {
            b.append(String.format(Locale.ROOT, " (%.0f s left)", d.queueingSecondsLeft()));
        }
        if (d.stateReason() != null) {
            b.append(" reason='").append(d.stateReason()).append('\'');
        }
        b.append(" failovers=").append(d.failovers()).append(" io-failures=").append(d.ioFailureEpisodes()).append('\n');
        for (PathStatus p : d.paths()) {
            b.append(p.selected() ? "`-* " : "`-- ").append(p.id()).append(' ').append(p.lun()).append(' ')
                    .append(p.state().name().toLowerCase(Locale.ROOT))
                    .append(" isid=").append(p.isid()).append(" tsih=").append(p.tsih())
                    .append(" failures=").append(p.failures()).append(" inflight=").append(p.inFlight());
            if (p.reason() != null) {
                b.append(" reason='").append(p.reason()).append('\'');
            }
            if (p.lastChange() != null && !p.lastChange().equals(p.reason())) {
                b.append(" last-change='").append(p.lastChange()).append('\'');
            }
            b.append('\n');
        }
        for (VolumeGroups.PhysicalVolume v : l.volumes()) {
            b.append("pv ").append(v.pv()).append(" vg ").append(v.vg().isEmpty() ? "(none)" : v.vg()).append('\n');
        }
        for (String u : l.uses()) {
            b.append("use ").append(u).append('\n');
        }
        for (StatusFlag f : l.flags()) {
            b.append("flag ").append(f.key()).append(": ").append(f.text()).append('\n');
        }
    }

    /** 16777216 → "16.0 MiB". */
    static String humanSize(long bytes) {
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
        double v = bytes;
        int i = 0;
        while (v >= 1024 && i < units.length - 1) {
            v /= 1024;
            i++;
        }
        return i == 0 ? bytes + " B" : String.format(Locale.ROOT, "%.1f %s", v, units[i]);
    }

}
