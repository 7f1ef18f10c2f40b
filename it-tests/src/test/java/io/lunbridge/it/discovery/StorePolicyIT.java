package io.lunbridge.it.discovery;

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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code store} method end to end: a target added with {@code lunbridge target add} (CHAP
 * included) is found by {@code lunbridge discover}, a boot target from a targets file is refused
 * while the same one from the store is accepted, and the stored target logs in and lists its LUN.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class StorePolicyIT {
    private static final String INITIATOR = "iqn.2026-11.io.lunbridge.it:store-initiator";
    private static final String IQN = "iqn.2026-11.io.lunbridge.it:stored-disk";

    @RegisterExtension
    final TargetHostExtension hosts = new TargetHostExtension();

    @TempDir
    Path tmp;

    record Run(int status, String out, String err) {
    }

    Run run(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--config-dir", tmp.toString(), "--initiator-name", INITIATOR));
        return exec(all);
    }

    /** For the store verbs, which take no initiator options. */
    Run runStore(String... args) {
        return exec(List.of(args));
    }

    Run exec(List<String> all) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = Main.execute(all.toArray(new String[0]), new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(status, out.toString(), err.toString());
    }

    @Test
    void aStoredTargetIsDiscoveredAndLogsInWithItsStoredChap() throws Exception {
        NetworkNamespace ns = hosts.namespace();
        TgtdTarget tgtd = hosts.tgtd(ns);
        tgtd.addTarget(1, IQN);
        tgtd.addLun(1, 1, 8L << 20);
        tgtd.addChapUser("stored-user", "stored-secret-123");
        tgtd.bindChap(1, "stored-user");
        tgtd.bindAll(1);
        Path store = tmp.resolve("store.db");
        Path secret = tmp.resolve("secret");
        Files.writeString(secret, "stored-secret-123\n");
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
        Run add = runStore("target", "add", IQN, "--portal", ns.peerAddress() + ":3260", "--boot", "--chap-name",
                "stored-user", "--chap-secret-file", secret.toString(), "--store", store.toString());
        assertEquals(0, add.status(), add.err() + add.out());
        Path targets = tmp.resolve("targets");
        Files.writeString(targets, ns.peerAddress() + " 3260 " + IQN + "\n");
        Files.writeString(tmp.resolve("lunbridge.conf"), "discovery.policy = store, file\ndiscovery.store = " + store
                + "\ndiscovery.targets-file = " + targets + "\n");

        Run discover = run("discover");
        assertEquals(0, discover.status(), discover.err() + discover.out());
        assertTrue(discover.out().contains("store (" + store + "): 1 target\n    " + IQN + " " + ns.peerAddress()
                + ":3260"), discover.out());
        assertTrue(discover.out().contains("note: target " + IQN + " found by file " + targets + ":1 too; using store "
                + store + " (earlier in discovery.policy)"), discover.out());
        assertFalse(discover.out().contains("stored-secret-123"));

        Run luns = run("luns", "--target", IQN);
        assertEquals(0, luns.status(), "logs in with the store's portal and CHAP: " + luns.err());
        assertTrue(luns.out().contains("LUN 1 "), luns.out());

        Files.writeString(tmp.resolve("lunbridge.conf"), "discovery.policy = file\ndiscovery.targets-file = " + targets
                + "\n");
        Run withoutChap = run("luns", "--target", IQN);
        assertEquals(1, withoutChap.status(), "the targets file has no CHAP for it: " + withoutChap.out());
        assertTrue(withoutChap.err().contains("authentication failed"), withoutChap.err());

        Run show = runStore("target", "show", IQN, "--store", store.toString());
        assertEquals(0, show.status(), show.err());
        assertFalse(show.out().contains("stored-secret-123"), "secrets are never printed: " + show.out());
    }
}
