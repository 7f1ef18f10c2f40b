package io.lunbridge.app.status;

import io.lunbridge.app.lifecycle.MountTable;
import io.lunbridge.mpio.DeviceStatus;
import io.lunbridge.mpio.PathStatus;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON form of one {@link TargetView}: one process entry of {@code lunbridge status --json}
 * (the fields are listed in docs/architecture.md, "Multipath verbs on the control socket" and
 * "The daemon"). Fields are only ever added, so scripts keep working.
 */
final class TargetJson {
    private TargetJson() {
    }

    static Map<String, Object> render(TargetView t) {
        Map<String, Object> proc = new LinkedHashMap<>();
        proc.put("pid", t.pid());
        proc.put("verb", t.verb());
        proc.put("target", t.target());
        if (t.startup() != null) {
            proc.put("startup", t.startup());
            proc.put("origin", t.origin());
        }
        List<Object> sessions = new ArrayList<>();
        for (SessionView s : t.sessions()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", s.id());
            m.put("iface", s.iface());
            m.put("portal", s.portal());
            m.put("isid", s.isid());
            m.put("tsih", s.tsih());
            m.put("loggedIn", s.loggedIn());
            List<Object> paths = new ArrayList<>();
            for (SessionView.LunPath p : s.paths()) {
                Map<String, Object> pm = new LinkedHashMap<>();
                pm.put("device", p.device());
                pm.put("lun", p.path().lun());
                pm.put("state", p.path().state().name());
                pm.put("reason", p.path().reason());
                pm.put("lastChange", p.path().lastChange());
                paths.add(pm);
            }
            m.put("paths", paths);
            sessions.add(m);
        }
        proc.put("sessions", sessions);
        List<Object> ds = new ArrayList<>();
        for (LunView l : t.luns()) {
            ds.add(device(l));
        }
        proc.put("devices", ds);
        return proc;
    }

    private static Map<String, Object> device(LunView l) {
        DeviceStatus d = l.status();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", d.name());
        m.put("identity", d.identity());
        m.put("vendorProduct", d.vendorProduct());
        m.put("sizeBytes", d.sizeBytes());
        m.put("device", l.device());
        m.put("file", l.file());
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
            pm.put("lastChange", p.lastChange());
            pm.put("isid", p.isid());
            pm.put("tsih", p.tsih());
            pm.put("failures", p.failures());
            pm.put("inFlight", p.inFlight());
            pm.put("active", p.selected());
            ps.add(pm);
        }
        m.put("paths", ps);
        List<Object> vgs = new ArrayList<>();
        for (VolumeGroups.PhysicalVolume v : l.volumes()) {
            Map<String, Object> vm = new LinkedHashMap<>();
            vm.put("pv", v.pv());
            vm.put("vg", v.vg().isEmpty() ? null : v.vg());
            vgs.add(vm);
        }
        m.put("volumeGroups", vgs);
        List<Object> mounts = new ArrayList<>();
        for (MountTable.Mount mt : l.mounts()) {
            Map<String, Object> mm = new LinkedHashMap<>();
            mm.put("mountPoint", mt.mountPoint().toString());
            mm.put("fsType", mt.fsType());
            mm.put("source", mt.source());
            mounts.add(mm);
        }
        m.put("mounts", mounts);
        m.put("uses", l.uses());
        List<Object> flags = new ArrayList<>();
        for (StatusFlag f : l.flags()) {
            Map<String, Object> fm = new LinkedHashMap<>();
            fm.put("key", f.key());
            fm.put("text", f.text());
            flags.add(fm);
        }
        m.put("flags", flags);
        return m;
    }
}
