package io.lunbridge.it.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lunbridge.cli.Main;
import io.lunbridge.it.harness.NetworkNamespace;
import io.lunbridge.it.harness.TargetHostExtension;
import io.lunbridge.it.harness.TgtdTarget;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The first CLI verbs, {@code discover} and {@code luns}, against a real tgtd. */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class CliIT {
    private static final String IQN = "iqn.2026-11.io.lunbridge.it:cli-disk";

    @RegisterExtension
    final TargetHostExtension hosts = new TargetHostExtension();

    @TempDir
    Path tmp;

    private TgtdTarget tgtd;
    private String portal;

    record Run(int status, String out, String err) {
    }

    Run run(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--config-dir");
        all.add(tmp.resolve("etc").toString());
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = Main.execute(all.toArray(new String[0]), new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(status, out.toString(), err.toString());
    }

    Path secretFile(String name, String secret) throws Exception {
        Path f = tmp.resolve(name);
        Files.writeString(f, secret + "\n");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
        return f;
    }

    @BeforeEach
    void target() {
        NetworkNamespace ns = hosts.namespace();
        tgtd = hosts.tgtd(ns);
        tgtd.addTarget(1, IQN);
        tgtd.addLun(1, 1, 48L << 20);
        tgtd.bindAll(1);
        portal = ns.peerAddress();
    }

    @Test
    void discoverListsTheTargetWithItsPortal() {
        Run r = run("discover", "--portal", portal);
        assertEquals(0, r.status(), r.err());
        assertEquals(IQN + "\n    " + portal + ":3260,1\n", r.out());
    }

    @Test
    void lunsListsNumberSizeBlockVendorAndIdentityAndTheSessionOnRequest() {
        Run r = run("luns", "--portal", portal + ":3260", "--target", IQN, "--show-session");
        assertEquals(0, r.status(), r.err());
        String lun1 = r.out().lines().filter(l -> l.startsWith("LUN 1 ")).findFirst().orElseThrow(
                () -> new AssertionError("no LUN 1 line in\n" + r.out()));
        assertTrue(lun1.matches("LUN 1 +50331648 +512 +IET +VIRTUAL-DISK +naa\\.[0-9a-f]+"), lun1);
        assertTrue(r.out().contains("LUN 0 ") && r.out().contains("storage array controller"), r.out());
        assertTrue(r.out().contains("receive buffer: "), r.out());
        assertTrue(r.out().contains("MaxBurstLength="), r.out());
    }

    @Test
    void chapNameDefaultsToTheGeneratedInitiatorNameAndTheSecretComesFromAFile() throws Exception {
        assertEquals(0, run("discover", "--portal", portal).status());
        String name = Files.readAllLines(tmp.resolve("etc/initiatorname")).stream()
                .filter(l -> l.startsWith("InitiatorName=")).findFirst().orElseThrow().substring("InitiatorName=".length());
        tgtd.addChapUser(name, "cli-secret-12345");
        tgtd.bindChap(1, name);
        Run ok = run("luns", "--portal", portal, "--target", IQN, "--chap-secret-file",
                secretFile("good", "cli-secret-12345").toString());
        assertEquals(0, ok.status(), ok.err());
        assertTrue(ok.out().contains("LUN 1 "), ok.out());
        Run bad = run("luns", "--portal", portal, "--target", IQN, "--chap-secret-file",
                secretFile("bad", "wrong-secret-999").toString());
        assertEquals(1, bad.status());
        assertEquals(1, bad.err().lines().count(), "one line: " + bad.err());
        assertTrue(bad.err().startsWith("lunbridge: error: authentication failed for initiator " + name), bad.err());
        assertFalse(bad.err().contains("wrong-secret-999"));
    }

    @Test
    void discoverWithoutPortalRunsThePolicysTargetsFileAndTheTargetLogsIn() throws Exception {
        Path targets = tmp.resolve("targets");
        Files.writeString(targets, "# AIX format\n" + portal + " 3260 " + IQN + "\n");
        Files.createDirectories(tmp.resolve("etc"));
        Files.writeString(tmp.resolve("etc/lunbridge.conf"), "discovery.policy = file\ndiscovery.targets-file = "
                + targets + "\n");
        Run r = run("discover");
        assertEquals(0, r.status(), r.err() + r.out());
        assertEquals("file (" + targets + "): 1 target\n    " + IQN + " " + portal + ":3260 [file " + targets + ":2]\n",
                r.out());
        Run luns = run("luns", "--portal", portal, "--target", IQN);
        assertTrue(luns.out().contains("LUN 1 "), luns.out());
        Files.writeString(targets, portal + " 3260 " + IQN + "\n" + portal + " 0 " + IQN + "\n");
        Run bad = run("discover");
        assertEquals(1, bad.status());
        assertTrue(bad.out().startsWith("file (" + targets + "): error: ") && bad.out().contains(targets + ":2:"),
                bad.out());
    }

    @Test
    void badInputsGiveOneLineErrors() {
        Run loop = run("discover", "--portal", "127.0.0.1");
        assertEquals(1, loop.status());
        assertTrue(loop.err().contains("loopback"), loop.err());
        Run missingFile = run("luns", "--portal", portal, "--target", IQN, "--chap-secret-file",
                tmp.resolve("nope").toString());
        assertEquals(1, missingFile.status());
        assertTrue(missingFile.err().contains(tmp.resolve("nope").toString()), missingFile.err());
        Run badName = run("luns", "--portal", portal, "--target", "iqn.2026-13.x:y");
        assertEquals(1, badName.status());
        assertTrue(badName.err().contains("month 13"), badName.err());
        Run noSuchTarget = run("luns", "--portal", portal, "--target", "iqn.2026-11.io.lunbridge.it:absent");
        assertEquals(1, noSuchTarget.status());
        assertTrue(noSuchTarget.err().contains("iqn.2026-11.io.lunbridge.it:absent"), noSuchTarget.err());
        Run usage = run("luns", "--portal", portal);
        assertEquals(2, usage.status(), "picocli usage error");
        assertTrue(usage.err().contains("--target"), usage.err());
    }
}
