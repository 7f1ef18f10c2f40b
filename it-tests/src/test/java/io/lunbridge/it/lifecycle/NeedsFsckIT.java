package io.lunbridge.it.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lunbridge.it.harness.Await;
import io.lunbridge.it.harness.Command;
import io.lunbridge.it.harness.NetworkNamespace;
import io.lunbridge.it.harness.ProcessResult;
import io.lunbridge.it.harness.ProcessRunner;
import io.lunbridge.it.harness.TargetHostExtension;
import io.lunbridge.it.harness.TgtdTarget;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The "needs fsck" flag and {@code lunbridge fsck} against a real tgtd, in FUSE + loop mode: with
 * the link pulled and a replacement timeout of 3 s a direct read of the loop device fails with EIO;
 * the LUN is then flagged in the store and {@code status} shows it. With the link back,
 * {@code fsck} of the mounted device is refused naming the mount point; unmounted, e2fsck -n runs,
 * is clean and the flag goes. After a second episode and a filesystem damaged on purpose (debugfs
 * clri of a file's inode), the read-only check exits 4 and the flag stays, shown by {@code status}
 * also once no attach runs; {@code fsck --repair} of the re-attached LUN exits 1 and clears it.
 */
@Timeout(value = 8, unit = TimeUnit.MINUTES)
class NeedsFsckIT {
    private static final Duration STOP = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    final TargetHostExtension hosts = new TargetHostExtension();

    @TempDir
    Path tmp;

    private Path store;

    private TgtdTarget target(String iqn) {
        NetworkNamespace ns = hosts.namespace();
        TgtdTarget tgtd = hosts.tgtd(ns);
        tgtd.addTarget(1, iqn);
        tgtd.addLun(1, 1, 64L << 20);
        tgtd.bindAll(1);
        return tgtd;
    }

    private FuseAttachProcess attach(TgtdTarget tgtd, String iqn) throws Exception {
        Path etc = Files.createDirectories(tmp.resolve("etc"));
        // notice the pulled link within seconds
        Files.writeString(etc.resolve("lunbridge.conf"), "session.keepalive-interval = 1\n"
                + "session.keepalive-timeout = 2\n");
        return FuseAttachProcess.start(tgtd.namespace().peerAddress(), iqn, tmp.resolve("fuse"), etc,
                List.of("--replacement-timeout", "3", "--store", store.toString()));
    }

    private static Path control(FuseAttachProcess a) {
        return Path.of("/run/lunbridge/control/attach-" + a.process.pid() + ".sock");
    }

    private ProcessResult lunbridge(String... args) {
        return FuseAttachProcess.verb(args);
    }

    private ProcessResult status(FuseAttachProcess a) {
        return a == null ? lunbridge("status", "--store", store.toString())
                : lunbridge("status", "--store", store.toString(), "--control", control(a).toString());
    }

    /** Pulls the link, reads directly from the device until EIO, puts the link back and waits for a good read. */
    private void ioFailureEpisode(TgtdTarget tgtd, FuseAttachProcess a) {
        tgtd.namespace().linkDown();
        try {
            ProcessResult read = ProcessRunner.runAllowingFailure(Command.of("dd", "if=" + a.device, "of=/dev/null",
                    "bs=4096", "count=1", "skip=100", "iflag=direct"), Duration.ofSeconds(90));
            assertNotEquals(0, read.exitCode(), "the read fails once the replacement timeout expired: "
                    + read.describe());
            assertTrue(read.stderr().contains("Input/output error"), read.describe());
        } finally {
            tgtd.namespace().linkUp();
        }
        Await.until("a direct read of " + a.device + " works again", STOP, () -> ProcessRunner.runAllowingFailure(
                Command.of("dd", "if=" + a.device, "of=/dev/null", "bs=4096", "count=1", "iflag=direct"),
                Duration.ofSeconds(30)).exitCode() == 0);
    }

    private static String flagLine(String iqn) {
        return "needs fsck: " + iqn + " lun 1 since ";
    }

    @Test
    void anExpiredReplacementTimeoutFlagsTheLunAndFsckClearsItOnlyWhenClean() throws Exception {
        String iqn = "iqn.2026-12.io.lunbridge.it:needs-fsck";
        store = tmp.resolve("lib/store.db");
        TgtdTarget tgtd = target(iqn);
        Path mnt = Files.createDirectory(tmp.resolve("mnt"));
        FuseAttachProcess a = attach(tgtd, iqn);
        FuseAttachProcess b = null;
        try {
            ProcessRunner.run("mkfs.ext4", "-q", "-F", a.device);
            ProcessRunner.run("mount", a.device, mnt.toString());
            Files.writeString(mnt.resolve("somefile"), "a file whose inode is cleared later\n");
            ProcessRunner.run("umount", mnt.toString());
            assertFalse(status(a).stdout().contains("needs fsck"), "no flag before any failure");

            // episode 1: EIO, flagged, shown
            ioFailureEpisode(tgtd, a);
            Await.until("status shows the flag", STOP, () -> status(a).stdout().contains(flagLine(iqn)));
            ProcessResult shown = status(a);
            assertTrue(shown.stdout().contains("(replacement timeout expired, ") && shown.stdout().contains(
                    " failed) on " + a.device), shown.describe());
            JsonNode flags = JSON.readTree(lunbridge("status", "--json", "--store", store.toString(), "--control",
                    control(a).toString()).stdout()).path("needsFsck");
            assertEquals(1, flags.size(), flags.toString());
            assertEquals(iqn, flags.get(0).path("target").asText());
            assertEquals("1", flags.get(0).path("lun").asText());
            assertTrue(flags.get(0).path("failedIos").asLong() >= 1, flags.toString());
            System.out.println("[fsck] flagged: " + shown.stdout().lines().filter(l -> l.startsWith("needs fsck"))
                    .findFirst().orElse(""));

            // mounted: refused, naming the mount point
            ProcessRunner.run("mount", a.device, mnt.toString());
            ProcessResult refused = lunbridge("fsck", "--store", store.toString(), a.device);
            assertEquals(8, refused.exitCode(), refused.describe());
            assertTrue(refused.stderr().contains(a.device + " is mounted on " + mnt + " (ext4)"), refused.describe());
            ProcessRunner.run("umount", mnt.toString());
            assertTrue(status(a).stdout().contains(flagLine(iqn)), "a refused check keeps the flag");

            // clean: e2fsck -n, flag cleared
            ProcessResult clean = lunbridge("fsck", "--store", store.toString(), a.device);
            assertEquals(0, clean.exitCode(), clean.describe());
            assertTrue(clean.stdout().contains("read-only check: e2fsck -n -f " + a.device), clean.describe());
            assertTrue(clean.stdout().contains(a.device + ": clean (e2fsck exit 0)"), clean.describe());
            assertTrue(clean.stdout().contains("'needs fsck' flag of " + iqn + " lun 1 cleared"), clean.describe());
            assertFalse(status(a).stdout().contains("needs fsck"), "cleared: " + status(a).stdout());

            // episode 2, then damage: -n finds it, exit 4, the flag stays
            ioFailureEpisode(tgtd, a);
            Await.until("status shows the flag again", STOP, () -> status(a).stdout().contains(flagLine(iqn)));
            ProcessRunner.run("debugfs", "-w", "-R", "clri /somefile", a.device);
            ProcessResult damaged = lunbridge("fsck", "--store", store.toString(), iqn);
            assertEquals(4, damaged.exitCode(), damaged.describe());
            assertTrue(damaged.stdout().contains(a.device + ": errors found (e2fsck exit 4)"), damaged.describe());
            assertTrue(damaged.stdout().contains("not repaired; to repair it run: lunbridge fsck --repair " + a.device),
                    damaged.describe());
            assertTrue(damaged.stdout().contains("flag of " + iqn + " lun 1 kept"), damaged.describe());

            // shown from the store when no attach runs
            a.terminate();
            assertTrue(a.awaitExit(STOP), "attach stops");
            assertTrue(status(null).stdout().contains(flagLine(iqn)), status(null).describe());
            ProcessResult none = lunbridge("fsck", "--store", store.toString(), iqn);
            assertEquals(8, none.exitCode(), none.describe());
            assertTrue(none.stderr().contains("target " + iqn + " has no LUN attached by lunbridge"), none.describe());

            // re-attached: --repair fixes it (exit 1) and clears the flag
            b = attach(tgtd, iqn);
            ProcessResult repaired = lunbridge("fsck", "--repair", "--store", store.toString(), b.device);
            assertEquals(1, repaired.exitCode(), repaired.describe());
            assertTrue(repaired.stdout().contains(b.device + ": errors corrected (e2fsck exit 1)"), repaired.describe());
            assertTrue(repaired.stdout().contains("'needs fsck' flag of " + iqn + " lun 1 cleared"), repaired.describe());
            FuseAttachProcess bb = b;
            assertFalse(status(bb).stdout().contains("needs fsck"), status(bb).describe());
            ProcessResult after = lunbridge("fsck", "--store", store.toString(), b.device);
            assertEquals(0, after.exitCode(), "clean after the repair: " + after.describe());
            b.terminate();
            assertTrue(b.awaitExit(STOP), "attach stops");
        } finally {
            tgtd.namespace().linkUp();
            ProcessRunner.runAllowingFailure(Command.of("umount", mnt.toString()), Duration.ofSeconds(20));
            if (b != null) {
                b.cleanUp();
            }
            a.cleanUp();
        }
    }
}
