package io.lunbridge.it.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Unit tests of the harness parts that need no root: parsing, rendering, redaction. */
class HarnessPureTest {

    private static final String TGTADM_SHOW = String.join("\n",
            "Target 1: iqn.2024-01.io.lunbridge.it:a",
            "    System information:",
            "    I_T nexus information:",
            "        I_T nexus: 2",
            "            Initiator: iqn.2010-11.libiscsi:iscsi-perf alias: none",
            "            Connection: 0",
            "                IP Address: 198.18.20.1",
            "        I_T nexus: 3",
            "            Initiator: iqn.x alias: none",
            "            Connection: 0",
            "            Connection: 1",
            "    LUN information:",
            "        LUN: 0",
            "Target 2: iqn.2024-01.io.lunbridge.it:b",
            "    I_T nexus information:",
            "        I_T nexus: 4",
            "            Connection: 0",
            "");

    @Test
    void countsConnectionsPerTarget() {
        assertEquals(3, TgtdTarget.countConnections(TGTADM_SHOW, 1));
        assertEquals(1, TgtdTarget.countConnections(TGTADM_SHOW, 2));
        assertEquals(0, TgtdTarget.countConnections(TGTADM_SHOW, 7));
        assertEquals(0, TgtdTarget.countConnections("", 1));
    }

    @Test
    void parsesIpAddrOutputAndDetectsOverlap() {
        List<Ipv4Network> nets = Ipv4Network.parseIpAddrOutput(
                "1: lo    inet 127.0.0.1/8 scope host lo\\       valid_lft forever\n"
                        + "4: eth0    inet 192.0.2.2/24 brd 192.0.2.255 scope global eth0\n"
                        + "9: lbit5h    inet 198.18.128.21/30 scope global lbit5h\n");
        assertEquals(List.of(Ipv4Network.parse("127.0.0.1/8"), Ipv4Network.parse("192.0.2.2/24"),
                Ipv4Network.parse("198.18.128.21/30")), nets);
        Ipv4Network slot5 = Ipv4Network.parse("198.18.128.20/30");
        assertTrue(slot5.overlaps(nets.get(2)));
        assertFalse(Ipv4Network.parse("198.18.128.24/30").overlaps(nets.get(2)));
        assertTrue(Ipv4Network.parse("198.18.0.0/15").overlaps(slot5));
        assertEquals("198.18.128.21", slot5.hostAt(1));
        assertEquals("198.18.128.22", slot5.hostAt(2));
        assertEquals("255.255.255.255", Ipv4Network.formatAddress(-1));
    }

    @Test
    void rejectsBadAddresses() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Ipv4Network.parse("10.0.0.1"))
                .getMessage().contains("10.0.0.1"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Ipv4Network.parse("10.0.300.1/8"))
                .getMessage().contains("300"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Ipv4Network.parse("10.0.0.1/33"))
                .getMessage().contains("33"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Ipv4Network.parseAddress("1.2.3"))
                .getMessage().contains("1.2.3"));
    }

    @Test
    void commandRedactsSecretsEverywhere() {
        Command cmd = Command.of("tgtadm", "--user", "u").args("--password").secret("s3cret-value")
                .secretEnv("PW", "env-secret-1").env("PLAIN", "x").inNamespace("ns1");
        assertEquals(List.of("ip", "netns", "exec", "ns1", "tgtadm", "--user", "u", "--password", "s3cret-value"),
                cmd.argv());
        assertEquals("PW=*** PLAIN=x ip netns exec ns1 tgtadm --user u --password ***", cmd.display());
        assertEquals("bad *** and ***", cmd.redact("bad s3cret-value and env-secret-1"));
        assertFalse(cmd.toString().contains("s3cret"));
        assertThrows(IllegalArgumentException.class, Command::of);
    }

    @Test
    void runnerReportsCommandExitCodeAndStderr() {
        HarnessException e = assertThrows(HarnessException.class, () -> ProcessRunner.run(
                Command.of("sh", "-c", "echo boom-$0 >&2; exit 3").secret("hidden-one"), Duration.ofSeconds(10)));
        assertTrue(e.getMessage().contains("exit code 3"), e.getMessage());
        assertTrue(e.getMessage().contains("boom-***"), e.getMessage());
        assertFalse(e.getMessage().contains("hidden-one"), e.getMessage());
        assertEquals("hi\n", ProcessRunner.run("echo", "hi").stdout());
    }

    @Test
    void runnerKillsCommandsThatOverrunTheirTimeout() {
        long start = System.nanoTime();
        HarnessException e = assertThrows(HarnessException.class,
                () -> ProcessRunner.run(Command.of("sleep", "30"), Duration.ofMillis(300)));
        assertTrue(e.getMessage().contains("did not finish within"), e.getMessage());
        assertTrue(System.nanoTime() - start < Duration.ofSeconds(10).toNanos());
    }

    @Test
    void awaitFailsWithDiagnosticAfterDeadline() {
        HarnessException e = assertThrows(HarnessException.class,
                () -> Await.until("never", Duration.ofMillis(100), () -> false, () -> "diag-text"));
        assertTrue(e.getMessage().contains("never") && e.getMessage().contains("diag-text"), e.getMessage());
        int[] calls = {0};
        Await.until("third call", Duration.ofSeconds(5), () -> ++calls[0] == 3);
        assertEquals(3, calls[0]);
    }

    @Test
    void istgtConfigRendersDiscoveryAuthGroupAndLuns() {
        IstgtConfig config = IstgtConfig.builder()
                .logicalUnit("disk1", IstgtConfig.AuthMethod.CHAP, 1 << 20, 2 << 20)
                .discoveryAuth(IstgtConfig.AuthMethod.AUTO)
                .chapUser("alice", "alice-secret-1234")
                .mutualChap("tgt", "tgt-secret-5678")
                .maxRecvDataSegmentLength(262144).build();
        String conf = config.render(Path.of("/w"), "198.18.128.2");
        assertTrue(conf.contains("DiscoveryAuthGroup AuthGroup1\n"), conf);
        assertTrue(conf.contains("Portal DA1 198.18.128.2:3260\n"), conf);
        assertTrue(conf.contains("Portal UC1 127.0.0.1:3261\n"), conf);
        assertTrue(conf.contains("LUN0 Storage /w/lu1-lun0.img Auto\n  LUN1 Storage /w/lu1-lun1.img Auto\n"), conf);
        assertTrue(conf.contains("MaxRecvDataSegmentLength 262144\n"), conf);
        assertFalse(conf.contains("alice-secret"), conf);
        assertEquals("[AuthGroup1]\n  Auth \"alice\" \"alice-secret-1234\" \"tgt\" \"tgt-secret-5678\"\n",
                config.renderAuth());
        assertFalse(config.toString().contains("secret-1234"), config.toString());
        assertEquals("iqn.2024-01.io.lunbridge.istgt:disk1", config.iqn(config.logicalUnits().get(0)));
    }

    @Test
    void istgtConfigRejectsInconsistentSettings() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> IstgtConfig.builder()
                .logicalUnit("disk1", IstgtConfig.AuthMethod.CHAP, 1 << 20).build())
                .getMessage().contains("no CHAP users"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> IstgtConfig.builder()
                .logicalUnit("disk1", IstgtConfig.AuthMethod.CHAP_MUTUAL, 1 << 20).chapUser("a", "b").build())
                .getMessage().contains("mutual"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> IstgtConfig.builder()
                .logicalUnit("disk1", IstgtConfig.AuthMethod.NONE, 1000).build())
                .getMessage().contains("LUN0"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> IstgtConfig.builder()
                .logicalUnit("Disk 1", IstgtConfig.AuthMethod.NONE, 512).build())
                .getMessage().contains("Disk 1"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> IstgtConfig.builder().build())
                .getMessage().contains("at least one logical unit"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new ChapCredential("a\"b", "x"))
                .getMessage().contains("a\"b"));
        IllegalArgumentException secret = assertThrows(IllegalArgumentException.class,
                () -> new ChapCredential("bob", "bad\"secret"));
        assertFalse(secret.getMessage().contains("bad\"secret"), secret.getMessage());
    }

    @Test
    void textTailKeepsLastLines() {
        assertEquals("c\nd", Text.tail("a\nb\nc\nd\n", 2));
        assertEquals("", Text.tail("", 3));
        assertTrue(Text.tailOfFile(Path.of("/nonexistent/x.log"), 3).contains("does not exist"));
    }
}
