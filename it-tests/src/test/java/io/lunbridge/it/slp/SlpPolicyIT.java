package io.lunbridge.it.slp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lunbridge.cli.Main;
import io.lunbridge.it.harness.NetworkNamespace;
import io.lunbridge.it.harness.TargetHostExtension;
import io.lunbridge.it.harness.TgtdTarget;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code slp} discovery method through the CLI, against a replayed openslp DA in a namespace
 * (configured, so no multicast leaves the root namespace): {@code discover} prints where the records
 * came from and each target's alias, portal group and transports; {@code luns --target X} asks SLP
 * for X alone and logs in to it on a real tgtd.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class SlpPolicyIT {
    private static final String DA = "198.18.4.1";
    private static final String SA1 = "198.18.4.11";
    private static final String SA2 = "198.18.4.12";
    private static final String PREFIX = "iqn.2026-11.test.lunbridge:";
    private static final String SYNTHETIC = Path.of("src", "test", "resources", "slp", "90-synthetic-replies.hex")
            .toAbsolutePath().toString();

    @RegisterExtension
    final TargetHostExtension hosts = new TargetHostExtension();

    @TempDir
    Path tmp;

    private String[] run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String[] all = new String[args.length + 4];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--config-dir";
        all[args.length + 1] = tmp.toString();
        all[args.length + 2] = "--initiator-name";
        all[args.length + 3] = PREFIX + "initiator";
        int status = Main.execute(all, new PrintWriter(out, true), new PrintWriter(err, true));
        return new String[] {Integer.toString(status), out.toString(), err.toString()};
    }

    private SlpResponder directoryAgent(NetworkNamespace ns) throws Exception {
        SlpResponder da = SlpResponder.start(hosts, ns, SlpResponder.Spec.role(DA, "02-srvrqst-unicast-da.hex",
                "04-attrrqst.hex", SYNTHETIC).map(SA1, ns.peerAddress()).map(SA2, ns.peerAddress()));
        Files.writeString(tmp.resolve("lunbridge.conf"), "discovery.policy = slp\nslp.directory-agents = "
                + ns.peerAddress() + "\n");
        return da;
    }

    @Test
    void discoverNamesTheDaAndShowsAliasPortalGroupAndTransports() throws Exception {
        NetworkNamespace ns = hosts.namespace();
        SlpResponder da = directoryAgent(ns);

        String[] r = run("discover");

        assertEquals("0", r[0], r[2] + r[1]);
        String peer = ns.peerAddress();
        assertTrue(r[1].startsWith("slp (DA " + peer + ":427, scopes DEFAULT): 4 targets\n"), r[1]);
        assertTrue(r[1].contains("    " + PREFIX + "disk1 " + peer + ":3260,1 [slp " + peer + ":427]\n"
                + "        alias: disk1; portal group: 1; transports: tcp\n"), r[1]);
        assertTrue(r[1].contains("    " + PREFIX + "disk3 " + peer + ":3260,2 [slp " + peer + ":427]\n"
                + "        portal group: 2; transports: tcp\n"), r[1] + da.tail());
    }

    @Test
    void lunsForOneTargetAsksSlpForThatTargetAloneAndLogsIn() throws Exception {
        NetworkNamespace ns = hosts.namespace();
        TgtdTarget tgtd = hosts.tgtd(ns);
        tgtd.addTarget(1, PREFIX + "disk2");
        tgtd.addLun(1, 1, 8L << 20);
        tgtd.bindAll(1);
        SlpResponder da = directoryAgent(ns);

        String[] r = run("luns", "--target", PREFIX + "disk2");

        assertEquals("0", r[0], r[2] + r[1]);
        assertTrue(r[1].contains("LUN 1 "), r[1]);
        assertTrue(da.lines().stream().anyMatch(l -> l.startsWith("REPLY UDP") && l.contains(
                "capture=90-synthetic-replies.hex[2]")), "the SrvRqst carried (iscsi-name=...disk2): " + da.tail());
        assertEquals(1, da.received().stream().filter(q -> q.function().equals("AttrRqst")).count(),
                "attributes of disk2 only: " + da.tail());
    }
}
