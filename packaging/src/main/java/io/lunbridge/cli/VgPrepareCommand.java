package io.lunbridge.cli;

import io.lunbridge.app.lifecycle.AttachmentRecord;
import io.lunbridge.app.lifecycle.RunDirectory;
import io.lunbridge.app.lvm.Lvm;
import io.lunbridge.app.lvm.LvmException;
import io.lunbridge.app.lvm.LunbridgeDisks;
import io.lunbridge.app.store.ConfigStore;
import io.lunbridge.app.store.StoreException;
import io.lunbridge.app.store.StoredTarget;
import io.lunbridge.app.store.VolumeGroups;
import io.lunbridge.protocol.naming.IscsiName;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code lunbridge vg prepare VG [--target IQN]}: keeps a volume group on lunbridge disks inactive
 * at boot ({@code vgchange --setautoactivation n VG}, lvm2 2.03.12+) and records it in the store for
 * the target whose disks hold its PVs, so that {@code lunbridge daemon} activates it after attaching
 * them. Without {@code --target} the target is found from the attachment records of the running
 * attach and daemon processes; a PV that is not a lunbridge disk, or PVs on two targets, are
 * refused naming the PV (the seed: don't span volume groups across non-iSCSI devices).
 */
@Command(name = "prepare", mixinStandardHelpOptions = true,
        description = "Turn a volume group's boot-time autoactivation off (vgchange --setautoactivation n) and record "
                + "it in the store for the target whose lunbridge disks hold it, for the daemon to activate after attach.")
final class VgPrepareCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "VG", description = "The LVM volume group")
    String vg;

    @Option(names = "--target", paramLabel = "IQN",
            description = "The stored target whose disks hold it (default: found from the running lunbridge disks)")
    String target;

    @Mixin
    StoreOption store;

    @Spec
    CommandSpec spec;

    /** The lvm commands run; tests swap in a fake. */
    Lvm lvm = Lvm.system();

    @Override
    public Integer call() throws Exception {
        String name = VolumeGroups.name(vg);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<String> pvs = lvm.physicalVolumes(name);
        if (pvs.isEmpty()) {
            throw new IllegalArgumentException("volume group " + name + ": no physical volume of it is visible"
                    + " (pvs --select vg_name=" + name + " shows none)");
        }
        Map<String, AttachmentRecord> disks = LunbridgeDisks.live(RunDirectory.system());
        Set<String> owners = new LinkedHashSet<>();
        List<String> foreign = new ArrayList<>();
        for (String pv : pvs) {
            AttachmentRecord r = disks.get(io.lunbridge.app.lvm.VolumeGroupCheck.canonicalPath(pv));
            if (r == null) {
                foreign.add(pv);
            } else {
                owners.add(r.target());
            }
        }
        IscsiName owner;
        if (target != null) {
            owner = IscsiName.parse(target);
            if (!foreign.isEmpty() || owners.stream().anyMatch(o -> !o.equals(owner.value()))) {
                err.println("lunbridge: warning: volume group " + name + ": physical volume(s) "
                        + String.join(", ", pvs) + " are not all lunbridge disks of " + owner
                        + " now; the daemon refuses to activate it unless they are");
            }
        } else if (!foreign.isEmpty()) {
            throw new IllegalArgumentException("volume group " + name + ": physical volume" + (foreign.size() == 1
                    ? " " + foreign.get(0) + " is" : "s " + String.join(", ", foreign) + " are")
                    + " not a lunbridge disk (no running attach or daemon names it); a volume group must not span"
                    + " non-iSCSI devices (or name the target with --target IQN)");
        } else if (owners.size() > 1) {
            throw new IllegalArgumentException("volume group " + name + " spans the disks of " + owners.size()
                    + " targets (" + String.join(", ", owners) + "); the daemon activates a volume group for one target");
        } else {
            owner = IscsiName.parse(owners.iterator().next());
        }
        try (ConfigStore s = store.openExisting()) {
            StoredTarget t = s.find(owner).orElseThrow(() -> new StoreException("target " + owner
                    + " is not in the store " + s.file()));
            try {
                lvm.disableAutoactivation(name);
            } catch (LvmException e) {
                throw new IllegalStateException(e.getMessage() + " (lvm2 2.03.12 or later is needed)", e);
            }
            VolumeGroups vgs = t.volumeGroups().with(name);
            s.setVolumeGroups(owner, vgs);
            out.println("volume group " + name + ": autoactivation off (boot leaves it inactive); target " + owner
                    + " activates it after attach (vgs=" + vgs.text() + ")");
        }
        out.flush();
        return 0;
    }
}
