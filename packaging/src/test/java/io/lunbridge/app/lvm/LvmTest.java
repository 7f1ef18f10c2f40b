package io.lunbridge.app.lvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.lunbridge.app.store.StoredPortal;
import io.lunbridge.app.store.StoredTarget;
import io.lunbridge.app.store.VolumeGroups;
import io.lunbridge.protocol.naming.IscsiName;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The lvm commands and how their output is read, against a fake runner; the refusal rule on real symbolic links. */
class LvmTest {
    final List<String> commands = new ArrayList<>();

    Lvm answering(LvmResult result) {
        return new Lvm(args -> {
            commands.add(String.join(" ", args));
            return result;
        });
    }

    @Test
    void pvsOfOneVolumeGroupAreReadFromTheSelectOutput() throws Exception {
        Lvm lvm = answering(new LvmResult(0, "  /dev/loop3  datavg\n  [unknown] datavg\n\n", ""));
        assertEquals(List.of("/dev/loop3", "[unknown]"), lvm.physicalVolumes("datavg"));
        assertEquals(List.of("pvs --noheadings -o pv_name,vg_name --select vg_name=datavg"), commands);
    }

    @Test
    void theCommandsAreTheDocumentedOnes() throws Exception {
        Lvm lvm = answering(new LvmResult(0, "", ""));
        lvm.activate("vg1");
        lvm.deactivate("vg1");
        lvm.disableAutoactivation("vg1");
        assertEquals(List.of("vgchange -ay vg1", "vgchange -an vg1", "vgchange --setautoactivation n vg1"), commands);
    }

    @Test
    void aFailureNamesTheCommandAndLvmsErrorLinesWithoutItsWarnings() {
        Lvm lvm = answering(new LvmResult(5, "", "  WARNING: This metadata update is NOT backed up.\n"
                + "  /dev/mapper/control: open failed: No such device\n  Failure to communicate with kernel device-mapper"
                + " driver.\n"));
        assertEquals("vgchange -ay vg1: exit 5: /dev/mapper/control: open failed: No such device; Failure to communicate"
                + " with kernel device-mapper driver.", assertThrows(LvmException.class, () -> lvm.activate("vg1"))
                        .getMessage());
        Lvm missing = new Lvm(args -> {
            throw new java.io.IOException("cannot run lvm (is lvm2 installed?): No such file");
        });
        assertEquals("vgs --noheadings -o vg_name,autoactivation: cannot run lvm (is lvm2 installed?): No such file",
                assertThrows(LvmException.class, missing::autoactivation).getMessage());
    }

    @Test
    void statusWarnsAboutConfiguredGroupsThatWouldStillAutoActivate() {
        Lvm lvm = answering(new LvmResult(0, "  datavg  enabled\n  logvg          \n  othervg enabled\n", ""));
        StoredTarget t = StoredTarget.of(IscsiName.parse("iqn.2026-12.io.lunbridge.test:a"),
                List.of(StoredPortal.of("198.18.0.2", 3260))).withVolumeGroups(VolumeGroups.parse("datavg,logvg,gonevg"));
        assertEquals(List.of("volume group datavg (target iqn.2026-12.io.lunbridge.test:a) would still auto-activate at"
                + " boot; run 'lunbridge vg prepare datavg' (vgchange --setautoactivation n)"),
                AutoactivationWarnings.of(List.of(t), lvm), "logvg is prepared, othervg not configured, gonevg not seen");
        commands.clear();
        assertEquals(List.of(), AutoactivationWarnings.of(List.of(t.withVolumeGroups(VolumeGroups.NONE)), lvm));
        assertEquals(List.of(), commands, "no lvm run when no volume group is configured");
    }

    @Test
    void aPvNamedThroughALinkToATargetDiskIsTheTargetsDisk(@TempDir Path tmp) throws Exception {
        Path disk = Files.createFile(tmp.resolve("loop9"));
        Path link = Files.createSymbolicLink(tmp.resolve("by-id-link"), disk);
        assertEquals(Optional.empty(), VolumeGroupCheck.refusal("T", "vg", List.of(link.toString()), List.of(disk)));
        assertEquals(Optional.of("physical volumes /dev/sdq, [unknown] are not a lunbridge disk of T (its disks: " + disk
                + "); a volume group must not span non-iSCSI devices"), VolumeGroupCheck.refusal("T", "vg",
                        List.of(link.toString(), "/dev/sdq", "[unknown]"), List.of(disk)));
    }

    @Test
    void autoactivationColumnIsReadPerGroup() throws Exception {
        Lvm lvm = answering(new LvmResult(0, "  a enabled\n  b\n", ""));
        assertEquals(Map.of("a", true, "b", false), lvm.autoactivation());
    }
}
