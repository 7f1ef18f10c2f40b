package io.lunbridge.app.daemon;

import io.lunbridge.app.lvm.Lvm;
import io.lunbridge.app.lvm.LvmException;
import io.lunbridge.app.lvm.VolumeGroupCheck;
import io.lunbridge.app.store.VolumeGroups;
import io.lunbridge.protocol.naming.IscsiName;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The volume groups the store configures for one attached target, each with its own state: after
 * the target's disks are attached, {@link #activate} checks each (every PV must be one of the
 * target's disks, see {@link VolumeGroupCheck}) and runs {@code vgchange -ay}; before the disks are
 * detached, {@link #deactivate} runs {@code vgchange -an} for those it activated (or tried to: a
 * failed activation may have left some LVs active). A refused volume group is never touched, and
 * the target's disks stay attached whatever happens here.
 *
 * <p>Each VG's state changes only in {@link #transition}, which logs it once: {@code target T:
 * volume group V activated}, so a log shows "attached" before "activated", and "deactivated"
 * before "logged out". Called from the daemon's main thread; {@link #lines()} from any thread.
 */
final class TargetVolumeGroups {
    private static final Logger LOG = LogManager.getLogger(TargetVolumeGroups.class);

    /** Where one volume group is. */
    enum State {
        /** In the store, nothing done yet. */
        CONFIGURED("configured", Level.INFO),
        /** {@code vgchange -ay} succeeded. */
        ACTIVE("activated", Level.INFO),
        /** Not activated: a PV that is not a disk of this target, or no PV visible. */
        REFUSED("refused", Level.WARN),
        /** {@code vgchange -ay} failed. */
        FAILED("activation failed", Level.WARN),
        /** {@code vgchange -an} succeeded. */
        INACTIVE("deactivated", Level.INFO);

        final String verb;
        final Level level;

        State(String verb, Level level) {
            this.verb = verb;
            this.level = level;
        }
    }

    private record Entry(State state, String reason) {
    }

    private final IscsiName target;
    private final Lvm lvm;
    private final Map<String, Entry> vgs = new LinkedHashMap<>();
    /** The last deactivation failure per VG, so a retried stop logs each distinct failure once. */
    private final Map<String, String> lastFailure = new HashMap<>();

    TargetVolumeGroups(IscsiName target, VolumeGroups configured, Lvm lvm) {
        this.target = target;
        this.lvm = lvm;
        configured.names().forEach(vg -> vgs.put(vg, new Entry(State.CONFIGURED, "")));
    }

    /** Checks and activates every configured VG, in store order, on the target's {@code disks}. */
    void activate(List<Path> disks) {
        for (String vg : List.copyOf(vgsIn(State.CONFIGURED))) {
            Optional<String> refusal;
            try {
                refusal = VolumeGroupCheck.refusal(target.value(), vg, lvm.physicalVolumes(vg), disks);
            } catch (LvmException e) {
                transition(vg, State.FAILED, e.getMessage());
                continue;
            }
            if (refusal.isPresent()) {
                transition(vg, State.REFUSED, refusal.get() + "; not activated, the disks stay attached");
                continue;
            }
            try {
                lvm.activate(vg);
                transition(vg, State.ACTIVE, "vgchange -ay " + vg);
            } catch (LvmException e) {
                transition(vg, State.FAILED, e.getMessage());
            }
        }
    }

    /** Activates again the VGs {@link #deactivate} deactivated (a reload that had to leave the target attached). */
    void reactivate(List<Path> disks) {
        for (String vg : vgsIn(State.INACTIVE)) {
            transition(vg, State.CONFIGURED, "the target stays attached");
        }
        activate(disks);
    }

    /**
     * Deactivates the VGs this daemon activated or tried to, in reverse order.
     *
     * @return true when none of them is left active (the disks may be detached as far as LVM goes)
     */
    boolean deactivate() {
        List<String> order = new ArrayList<>(vgs.keySet());
        java.util.Collections.reverse(order);
        boolean all = true;
        for (String vg : order) {
            State s = state(vg);
            if (s != State.ACTIVE && s != State.FAILED) {
                continue;
            }
            try {
                lvm.deactivate(vg);
                transition(vg, State.INACTIVE, "vgchange -an " + vg);
            } catch (LvmException e) {
                all = false;
                if (!e.getMessage().equals(lastFailure.put(vg, e.getMessage()))) {
                    LOG.warn("target {}: volume group {} not deactivated: {}", target, vg, e.getMessage());
                }
            }
        }
        return all;
    }

    /**
     * The configured volume groups with a physical volume on {@code device} (links resolved), each as
     * {@code VG (PV PATH)}: a single-LUN detach under such a VG is refused. A VG lvm cannot list is
     * named too (with why), since whether it uses the disk cannot be told.
     */
    List<String> groupsOn(Path device) {
        String disk = VolumeGroupCheck.canonicalPath(device.toString());
        List<String> out = new ArrayList<>();
        for (String vg : List.copyOf(vgs.keySet())) {
            try {
                for (String pv : lvm.physicalVolumes(vg)) {
                    if (VolumeGroupCheck.canonicalPath(pv).equals(disk)) {
                        out.add(vg + " (PV " + pv + ")");
                    }
                }
            } catch (LvmException e) {
                out.add(vg + " (cannot list its PVs: " + e.getMessage() + ")");
            }
        }
        return out;
    }

    /** {@code vg NAME STATE[: reason]} per VG, for {@code lunbridge status}. */
    synchronized List<String> lines() {
        List<String> out = new ArrayList<>();
        vgs.forEach((vg, e) -> out.add("vg " + vg + " " + e.state().verb
                + (e.state() == State.REFUSED || e.state() == State.FAILED ? ": " + e.reason() : "")));
        return out;
    }

    /** Per VG {@code {name, state, reason}} for {@code status json}: state as the enum's name, reason null unless refused or failed. */
    synchronized List<Map<String, Object>> json() {
        List<Map<String, Object>> out = new ArrayList<>();
        vgs.forEach((vg, e) -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", vg);
            m.put("state", e.state().name());
            m.put("reason", e.state() == State.REFUSED || e.state() == State.FAILED ? e.reason() : null);
            out.add(m);
        });
        return out;
    }

    synchronized State state(String vg) {
        return vgs.get(vg).state();
    }

    private synchronized List<String> vgsIn(State s) {
        return vgs.entrySet().stream().filter(e -> e.getValue().state() == s).map(Map.Entry::getKey).toList();
    }

    private void transition(String vg, State to, String reason) {
        synchronized (this) {
            if (vgs.get(vg).state() == to) {
                return;
            }
            vgs.put(vg, new Entry(to, reason));
        }
        LOG.log(to.level, "target {}: volume group {} {}: {}", target, vg, to.verb, reason);
    }
}
