package io.lunbridge.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lunbridge.app.config.ConfigKey;
import io.lunbridge.app.config.Configuration;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** {@code lunbridge target set}, and the stored settings taking effect for that target. */
class TargetSetCommandTest extends TargetCommandTest {

    @Test
    void aStoredTargetKeepsItsOwnMultipathSettings() {
        assertEquals(0, run("target", "add", A, "--portal", "198.18.0.2").status());
        Run set = run("target", "set", A, "mpio.policy=round-robin", "mpio.replacement-timeout=queue");
        assertEquals(0, set.status(), set.err());
        assertEquals(A + " mpio.policy = round-robin\n" + A + " mpio.replacement-timeout = queue\n", set.out());
        Run removed = run("target", "set", A, "mpio.policy=");
        assertEquals(A + " mpio.replacement-timeout = queue\n", removed.out());
        assertEquals(A + " mpio.replacement-timeout = queue\n", run("target", "set", A).out(), "no assignment: show");
    }

    @Test
    void badKeysAndValuesAreRefusedAndNothingChanges() {
        assertEquals(0, run("target", "add", A, "--portal", "198.18.0.2").status());
        Run bad = run("target", "set", A, "mpio.policy=round-robin", "mpio.replacement-timeout=soon", "session.x=1");
        assertEquals(1, bad.status());
        assertTrue(bad.err().contains("mpio.replacement-timeout: replacement timeout 'soon': expected a number of "
                + "seconds or 'queue'"), bad.err());
        assertTrue(bad.err().contains("'session.x' is not a per-target setting"), bad.err());
        assertTrue(bad.err().contains("nothing was changed"), bad.err());
        assertEquals(A + ": no settings of its own (lunbridge.conf applies)\n", run("target", "set", A).out());
        Run missing = run("target", "set", B, "mpio.policy=failover");
        assertEquals(1, missing.status());
        assertTrue(missing.err().contains("target " + B + " is not in the store"), missing.err());
    }

    @Test
    void theStoredSettingsOverrideLunbridgeConfForThatTargetOnly() throws Exception {
        Path store = tmp.resolve("store.db");
        assertEquals(0, run("target", "add", A, "--portal", "198.18.0.2").status());
        assertEquals(0, run("target", "add", B, "--portal", "198.18.0.3").status());
        assertEquals(0, run("target", "set", A, "mpio.policy=service-time", "mpio.failback=30").status());
        Path conf = tmp.resolve("lunbridge.conf");
        Files.writeString(conf, "discovery.store = " + store + "\nmpio.policy = round-robin\n");
        Configuration config = Configuration.load(conf);
        Configuration a = TargetAddressing.withStoredSettings(config, A);
        assertEquals("service-time", a.get(ConfigKey.MPIO_POLICY));
        assertEquals("30", a.get(ConfigKey.MPIO_FAILBACK));
        assertEquals("round-robin", TargetAddressing.withStoredSettings(config, B).get(ConfigKey.MPIO_POLICY));
        assertEquals("round-robin", TargetAddressing.withStoredSettings(config, "iqn.2026-11.io.lunbridge.test:c")
                .get(ConfigKey.MPIO_POLICY), "a target the store does not hold: lunbridge.conf");
    }

    @Test
    void startupAndTheLunAllowListAreSetShownAndReset() {
        assertEquals(0, run("target", "add", A, "--portal", "198.18.0.2").status());
        Run set = run("target", "set", A, "startup=automatic", "luns=2, 0");
        assertEquals(0, set.status(), set.err());
        assertEquals(A + " startup = automatic\n" + A + " luns = 0,2\n", set.out());
        assertTrue(run("target", "show", A).out().contains("startup: automatic\nluns: 0,2\n"));
        assertTrue(run("target", "list").out().contains("startup: automatic  luns: 0,2"));
        assertEquals(A + " startup = automatic\n", run("target", "set", A, "luns=all").out(), "luns=all resets");
        assertEquals(A + ": no settings of its own (lunbridge.conf applies)\n", run("target", "set", A, "startup=").out());
    }

    @Test
    void badStartupAndLunValuesAreRefusedNamingKeyAndValue() {
        assertEquals(0, run("target", "add", A, "--portal", "198.18.0.2").status());
        Run bad = run("target", "set", A, "startup=sometimes", "mpio.policy=round-robin");
        assertEquals(1, bad.status());
        assertTrue(bad.err().contains("startup: expected 'manual' or 'automatic', found 'sometimes'"), bad.err());
        assertTrue(bad.err().contains("nothing was changed"), bad.err());
        for (String luns : new String[] {"1,x", "16384", "-1", "1,,2", ""}) {
            Run r = run("target", "set", A, "startup=automatic", "luns=" + luns + (luns.isEmpty() ? "," : ""));
            assertEquals(1, r.status(), luns);
            assertTrue(r.err().contains("luns: expected 'all' or LUN numbers 0..16383 separated by commas, found '"),
                    r.err());
        }
        assertTrue(run("target", "set", A, "luns=1,x").err().contains("found 'x' in '1,x'"));
        assertEquals(A + ": no settings of its own (lunbridge.conf applies)\n", run("target", "set", A).out(),
                "nothing was changed");
        Run missing = run("target", "set", B, "startup=automatic");
        assertEquals(1, missing.status());
        assertTrue(missing.err().contains("target " + B + " is not in the store"), missing.err());
    }

    @Test
    void volumeGroupsAreSetShownInOrderAndReset() {
        assertEquals(0, run("target", "add", A, "--portal", "198.18.0.2").status());
        assertEquals(0, run("target", "add", B, "--portal", "198.18.0.3", "--volume-group", "logvg").status());
        Run set = run("target", "set", A, "vgs=datavg, arch.vg_2");
        assertEquals(0, set.status(), set.err());
        assertEquals(A + " vgs = datavg,arch.vg_2\n", set.out());
        assertTrue(run("target", "show", A).out().contains("\nvolume groups: datavg,arch.vg_2\n"));
        assertTrue(run("target", "show", B).out().contains("\nvolume groups: logvg\n"), "target add --volume-group");

        Run bad = run("target", "set", A, "vgs=ok,-dash", "startup=automatic");
        assertEquals(1, bad.status());
        assertTrue(bad.err().contains("vgs: '-dash' is not an LVM volume group name (it must not start with '-')")
                && bad.err().contains("nothing was changed"), bad.err());
        for (String name : new String[] {"a b", "a/b", "..", "x".repeat(128), "a,,b", "a,a"}) {
            Run r = run("target", "set", A, "vgs=" + name);
            assertEquals(1, r.status(), name);
            assertTrue(r.err().contains("lunbridge: error: vgs: "), r.err());
        }
        Run taken = run("target", "set", A, "vgs=logvg");
        assertEquals(1, taken.status());
        assertTrue(taken.err().contains("volume group 'logvg' is already configured for target " + B), taken.err());
        assertEquals(A + " vgs = datavg,arch.vg_2\n", run("target", "set", A).out(), "nothing was changed");
        assertEquals(A + ": no settings of its own (lunbridge.conf applies)\n", run("target", "set", A, "vgs=").out());
        assertTrue(run("target", "show", A).out().contains("\nvolume groups: -\n"));
    }
}
