package io.lunbridge.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code target} verbs end to end through {@link Main}, on a store in a temporary directory. */
class TargetCommandTest {
    static final String A = "iqn.2026-11.io.lunbridge.test:a";
    static final String B = "iqn.2026-11.io.lunbridge.test:b";
    static final String SECRET = "initiator-secret-77";
    static final String TARGET_SECRET = "target-secret-88";

    @TempDir
    Path tmp;

    record Run(int status, String out, String err) {
    }

    Run run(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--store");
        all.add(tmp.resolve("store.db").toString());
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = Main.execute(all.toArray(new String[0]), new PrintWriter(out, true), new PrintWriter(err, true));
        Run r = new Run(status, out.toString(), err.toString());
        assertFalse((r.out + r.err).contains(SECRET) && !List.of(args).contains("--include-secrets"),
                "a secret was printed by " + all);
        assertFalse((r.out + r.err).contains(TARGET_SECRET), "a target secret was printed by " + all);
        return r;
    }

    Path secretFile(String name, String secret) throws Exception {
        Path f = tmp.resolve(name);
        Files.writeString(f, secret + "\n");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
        return f;
    }

    @Test
    void addListShowRemove() throws Exception {
        Run add = run("target", "add", A, "--portal", "198.18.0.2:3260,1", "--portal", "[fd00::2]:3261",
                "--iface", "eth1", "--boot", "--volume-group", "rootvg", "--nbd-index", "0", "--export-name", "root",
                "--alias", "root disk", "--chap-name", "host1", "--chap-secret-file", secretFile("s", SECRET).toString(),
                "--target-chap-secret-file", secretFile("t", TARGET_SECRET).toString());
        assertEquals(0, add.status(), add.err());
        assertEquals("added " + A + " (2 portals) to " + tmp.resolve("store.db") + "\n", add.out());
        assertEquals(0, run("target", "add", B, "--portal", "198.18.0.3").status());

        Run list = run("target", "list");
        assertEquals(A + "  portals: 198.18.0.2:3260,1 via eth1, [fd00::2]:3261 via eth1  boot  startup: manual"
                + "  luns: all  chap: set (name host1, mutual, target name <any>)\n"
                + B + "  portals: 198.18.0.3:3260  startup: manual  luns: all  chap: none\n", list.out());

        Run show = run("target", "show", A);
        assertEquals("target: " + A + "\nalias: root disk\nboot: yes\nvolume groups: rootvg\nnbd index: 0\n"
                + "export name: root\nstartup: manual\nluns: all\nportal: 198.18.0.2:3260,1 via eth1\nportal: [fd00::2]:3261 via eth1\n"
                + "chap: set (name host1, mutual, target name <any>)\n", show.out());

        Run missing = run("target", "remove", A, "iqn.2026-11.io.lunbridge.test:zz");
        assertEquals(1, missing.status());
        assertTrue(missing.err().contains("not in the store") && missing.err().contains(":zz"), missing.err());
        assertEquals(0, run("target", "remove", A).status());
        assertEquals(B + "  portals: 198.18.0.3:3260  startup: manual  luns: all  chap: none\n",
                run("target", "list").out());
        Run gone = run("target", "show", A);
        assertEquals("lunbridge: error: target " + A + " is not in the store " + tmp.resolve("store.db") + "\n",
                gone.err());
    }

    @Test
    void badValuesNameTheOptionOrField() throws Exception {
        assertEquals("lunbridge: error: --portal '198.18.0.2,x': portal group tag 'x' is not a number\n",
                run("target", "add", A, "--portal", "198.18.0.2,x").err());
        assertEquals("lunbridge: error: target " + A + ": nbd index: expected 0..65535, found 70000\n",
                run("target", "add", A, "--portal", "198.18.0.2", "--nbd-index", "70000").err());
        assertEquals("lunbridge: error: --portal '127.0.0.2': portal host: 127.0.0.2 is a loopback address; refused\n",
                run("target", "add", A, "--portal", "127.0.0.2").err());
        Path open = secretFile("open", SECRET);
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rw-r--r--"));
        assertEquals("lunbridge: error: --chap-secret-file: CHAP secret file " + open + " is accessible by other users;"
                + " run: chmod 600 " + open + "\n",
                run("target", "add", A, "--portal", "198.18.0.2", "--chap-secret-file", open.toString()).err());
        assertTrue(run("target", "add", A, "--portal", "198.18.0.2", "--chap-name", "x").err()
                .contains("need --chap-secret-file"));
        assertTrue(run("target", "add", "iqn.2026-13.x:y", "--portal", "198.18.0.2").err().contains("month 13"));
        assertEquals("", run("target", "list").out(), "nothing was stored");
    }

    @Test
    void importPrintsEveryErrorAndAppliesNothingThenExportRoundTrips() throws Exception {
        Path bad = tmp.resolve("targets.bad");
        Files.writeString(bad, "198.18.0.2 3260 " + A + "\n198.18.0.2 0 " + B + "\n198.18.0.3 3260 iqn.bad\n");
        Run r = run("target", "import", bad.toString(), "--initiator-name", "iqn.2026-11.io.lunbridge.test:host");
        assertEquals(1, r.status());
        assertTrue(r.err().startsWith("lunbridge: error: 2 errors in targets file " + bad), r.err());
        assertTrue(r.err().contains(bad + ":2:12: PortNumber") && r.err().contains(bad + ":3:21: iSCSIName"), r.err());
        assertEquals("", run("target", "list").out());

        Path good = tmp.resolve("targets");
        Files.writeString(good, "198.18.0.2 3260 " + A + " \"" + SECRET + "\"\n198.18.1.2 3260 " + A + " \"" + SECRET
                + "\"\n198.18.0.3 3260 " + B + "\n");
        Run ok = run("target", "import", good.toString(), "--initiator-name", "iqn.2026-11.io.lunbridge.test:host");
        assertEquals(0, ok.status(), ok.err());
        assertTrue(ok.out().contains("2 added, 0 replaced, 3 portals"), ok.out());

        Run noSecrets = run("target", "export", "--initiator-name", "iqn.2026-11.io.lunbridge.test:host");
        assertEquals(0, noSecrets.status());
        assertTrue(noSecrets.out().contains("198.18.1.2 3260 " + A + "\n"), noSecrets.out());
        assertTrue(noSecrets.err().contains("lunbridge: warning: target " + A + ": CHAP credentials not exported"));

        Path out = tmp.resolve("exported");
        Run withSecrets = run("target", "export", "--include-secrets", "-o", out.toString(),
                "--initiator-name", "iqn.2026-11.io.lunbridge.test:host");
        assertEquals(0, withSecrets.status(), withSecrets.err());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(out)));
        assertTrue(Files.readString(out).contains("198.18.0.2 3260 " + A + " \"" + SECRET + "\"\n"));
    }
}
