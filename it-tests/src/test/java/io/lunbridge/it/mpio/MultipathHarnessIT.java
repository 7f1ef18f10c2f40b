package io.lunbridge.it.mpio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lunbridge.it.harness.Command;
import io.lunbridge.it.harness.Link;
import io.lunbridge.it.harness.ProcessResult;
import io.lunbridge.it.harness.ProcessRunner;
import io.lunbridge.it.harness.TargetHostExtension;
import io.lunbridge.it.harness.TgtdShow;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Self-test of the multipath harness against today's single-path {@code lunbridge serve}: tgtd is
 * reachable on both portals and a link down cuts exactly its own; the workload verifies clean on a
 * healthy run and its verifier fails on a tampered backing file; a link down on the only path is
 * seen by the recorder as errors while every acknowledged write stays; a SIGKILLed tgtd comes back
 * from the same backing files with the same target, LUN and CHAP account; a CHAP secret change on
 * the target refuses the old secret.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class MultipathHarnessIT {
    private static final String IQN = "iqn.2026-12.io.lunbridge.it:mpio-harness";
    private static final String INITIATOR = "iqn.2026-12.io.lunbridge.it:mpio-harness-client";
    private static final long LUN_SIZE = 64L << 20;
    private static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(30);

    @RegisterExtension
    final TargetHostExtension hosts = new TargetHostExtension();

    private static ProcessResult iscsiLs(String url) {
        return ProcessRunner.runAllowingFailure(Command.of("iscsi-ls", "-s").secret(url), CLIENT_TIMEOUT);
    }

    @Test
    void tgtdAnswersOnBothPortalsAndALinkDownCutsOnlyItsOwn() {
        TwoPathTarget t = TwoPathTarget.create(hosts, IQN, LUN_SIZE);
        assertFalse(t.a().subnet().overlaps(t.b().subnet()), t.links().toString());
        assertEquals(List.of(t.portalA(), t.portalB()), t.tgtd().portals());
        for (String portal : t.tgtd().portals()) {
            ProcessResult ls = iscsiLs("iscsi://" + portal + "/");
            assertEquals(0, ls.exitCode(), ls::describe);
            assertTrue(ls.stdout().contains("Target:" + IQN), ls::describe);
        }
        t.a().down();
        assertFalse(t.a().isUp());
        assertFalse(iscsiLs("iscsi://" + t.portalA() + "/").succeeded(), "portal A unreachable with link A down");
        assertTrue(iscsiLs("iscsi://" + t.portalB() + "/").succeeded(), "portal B unaffected");
        t.a().up();
        assertTrue(t.a().isUp());
        assertTrue(iscsiLs("iscsi://" + t.portalA() + "/").succeeded(), "portal A back with link A up");
        assertEquals(List.of(), t.tgtd().sessions(TwoPathTarget.TID), "the discovery sessions are gone");
    }

    @Test
    void aHealthyRunVerifiesCleanAndTheVerifierCatchesATamperedSector() throws Exception {
        TwoPathTarget t = TwoPathTarget.create(hosts, IQN, LUN_SIZE);
        MpioServe s = MpioServe.start(hosts, new MpioServe.Options(IQN, INITIATOR).portal(t.portalA()).withoutControl());
        List<TgtdShow.Nexus> sessions = t.tgtd().sessions(TwoPathTarget.TID);
        assertEquals(1, sessions.size(), sessions.toString());
        assertEquals(List.of(t.a().hostAddress()), sessions.get(0).connections(), sessions.toString());
        assertEquals(INITIATOR, sessions.get(0).initiator());
        try (VerifiedWorkload w = VerifiedWorkload.start(s.socket(), IQN + "/lun1", t.backing(1),
                Workload.Settings.writeHeavy(1))) {
            w.awaitMoreCompletions(2000, Duration.ofSeconds(60));
            assertEquals(t.a(), LinkTraffic.busiest(t.links(), 300, 1 << 20), "the only path carries the I/O");
            Workload.Result r = w.stop();
            assertEquals(0, r.failures(), r.summary());
            w.assertEveryAcknowledgedWriteKept(r);

            long sector = firstWrittenSector(t.backing(1));
            try (RandomAccessFile f = new RandomAccessFile(t.backing(1).toFile(), "rw")) {
                f.seek(sector * SectorPattern.SECTOR + 100);
                f.write(0x5a ^ f.readByte());
            }
            WriteHistory.Verdict tampered = w.verifyBackingFile();
            assertEquals(1, tampered.total(), tampered.toString());
            assertEquals(sector, tampered.mismatches().get(0).sector());
        }
    }

    private static long firstWrittenSector(Path backing) throws Exception {
        byte[] sector = new byte[SectorPattern.SECTOR];
        try (RandomAccessFile f = new RandomAccessFile(backing.toFile(), "r")) {
            for (long s = 0; s < f.length() / sector.length; s++) {
                f.readFully(sector);
                for (byte b : sector) {
                    if (b != 0) {
                        return s;
                    }
                }
            }
        }
        throw new AssertionError("nothing written to " + backing);
    }

    @Test
    void aLinkDownOnTheOnlyPathReachesTheRecorderAsErrorsAndKeepsAcknowledgedWrites() throws Exception {
        TwoPathTarget t = TwoPathTarget.create(hosts, IQN, LUN_SIZE);
        // replacement timeout 0: fail at once when the only path is lost (no queueing)
        MpioServe s = MpioServe.start(hosts, new MpioServe.Options(IQN, INITIATOR).portal(t.portalA())
                .replacementTimeout("0").withoutControl());
        try (VerifiedWorkload w = VerifiedWorkload.start(s.socket(), IQN + "/lun1", t.backing(1),
                Workload.Settings.writeHeavy(2))) {
            w.awaitMoreCompletions(500, Duration.ofSeconds(60));
            w.mark("link A down");
            t.a().down();
            io.lunbridge.it.harness.Await.until("the workload sees failures", Duration.ofSeconds(60),
                    () -> !w.timeline().failures().isEmpty(), s.serve()::diagnostics);
            Workload.Result r = w.stop();
            assertTrue(r.failures() > 0, r.summary());
            double firstMs = w.timeline().firstFailureRelativeToMs("link A down").orElseThrow();
            System.out.printf("[mpio] single path: first error %.0f ms after the link went down%n", firstMs);
            assertTrue(firstMs >= 0, "no error before the link went down: " + firstMs + " ms");
            assertEquals(0, r.unfinished(), r.summary());
            assertTrue(w.verifyBackingFile().clean(), "every acknowledged write is in the backing file");
        } finally {
            t.a().up();
        }
    }

    @Test
    void aKilledTgtdRestartsFromTheSameFilesWithTheSameTargetLunAndChap() throws Exception {
        TwoPathTarget t = TwoPathTarget.create(hosts, IQN, LUN_SIZE);
        t.tgtd().addChapUser(INITIATOR, "harness-secret-0001");
        t.tgtd().bindChap(TwoPathTarget.TID, INITIATOR);
        Path secret = hosts.register("secret dir", new io.lunbridge.it.nbd.TmpfsDir("lbit-mpio-secret")).path()
                .resolve("secret");
        Files.writeString(secret, "harness-secret-0001\n");
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
        MpioServe s = MpioServe.start(hosts, new MpioServe.Options(IQN, INITIATOR).portal(t.portalB())
                .withoutControl().extra("--chap-secret-file", secret.toString()));
        try (VerifiedWorkload w = VerifiedWorkload.start(s.socket(), IQN + "/lun1", t.backing(1),
                Workload.Settings.writeHeavy(3))) {
            w.awaitMoreCompletions(1000, Duration.ofSeconds(60));
            Workload.Result r = w.stop();
            assertEquals(0, r.failures(), r.summary());
            assertTrue(w.flush());
            long pid = t.tgtd().pid();
            t.tgtd().kill();
            assertFalse(t.tgtd().isAlive());
            t.tgtd().restart();
            assertTrue(t.tgtd().pid() != pid && t.tgtd().isAlive());
            assertTrue(w.verifyBackingFile().clean(), "the backing file kept every acknowledged write");
            s.serve().close();
            MpioServe again = MpioServe.start(hosts, new MpioServe.Options(IQN, INITIATOR + "-2").portal(t.portalA())
                    .withoutControl().extra("--chap-name", INITIATOR, "--chap-secret-file", secret.toString()));
            WriteHistory.Verdict back = w.verifyReadBackThrough(again.socket());
            assertTrue(back.clean(), "the restarted target serves the same LUN under the same name and CHAP account: "
                    + back);
        }
    }

    @Test
    void aChangedChapSecretRefusesTheOldOneAndAcceptsTheNewOne() {
        TwoPathTarget t = TwoPathTarget.create(hosts, IQN, LUN_SIZE);
        t.tgtd().addChapUser("mpio-user", "old-secret-00001");
        t.tgtd().bindChap(TwoPathTarget.TID, "mpio-user");
        String lun = "@" + t.portalA() + "/" + IQN + "/1";
        String iqnArg = "--initiator-name=" + INITIATOR;
        assertTrue(inq("iscsi://mpio-user%old-secret-00001" + lun, iqnArg).succeeded());
        t.tgtd().changeChapSecret(TwoPathTarget.TID, "mpio-user", "new-secret-00002");
        assertFalse(inq("iscsi://mpio-user%old-secret-00001" + lun, iqnArg).succeeded(), "the old secret is refused");
        assertTrue(inq("iscsi://mpio-user%new-secret-00002" + lun, iqnArg).succeeded(), "the new secret works");
        Link b = t.b();
        assertTrue(inq("iscsi://mpio-user%new-secret-00002@" + t.portalB() + "/" + IQN + "/1", iqnArg).succeeded(),
                "on both portals (" + b + ")");
    }

    private static ProcessResult inq(String url, String initiatorArg) {
        return ProcessRunner.runAllowingFailure(Command.of("iscsi-inq", initiatorArg).secret(url), CLIENT_TIMEOUT);
    }
}
