package io.lunbridge.cli;

import static io.lunbridge.cli.CliRun.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad arguments refused before anything happens, and failed verbs that leave nothing behind: a
 * store path in a directory that does not exist, a failed import, --lun outside SAM's range, a
 * portal that is this host, and options that mean nothing to a verb.
 */
class LeftoversAndArgumentsTest {
    @TempDir
    Path tmp;

    @Test
    void aStoreInAMissingDirectoryIsRefusedByVerbsThatDoNotCreateStores() {
        Path typo = tmp.resolve("typo").resolve("x.db");
        for (String verb : new String[] {"list", "show", "remove", "export"}) {
            CliRun r = verb.equals("list") ? run("target", verb, "--store", typo.toString())
                    : verb.equals("export") ? run("target", verb, "--store", typo.toString())
                    : run("target", verb, "iqn.2026-12.x:t", "--store", typo.toString());
            assertEquals(1, r.status(), verb + ": " + r.err());
            assertTrue(r.err().contains("store " + typo + ": directory " + tmp.resolve("typo") + " does not exist"),
                    verb + ": " + r.err());
        }
        assertFalse(Files.exists(tmp.resolve("typo")), "no directory was created");
    }

    @Test
    void aFailedImportCreatesNoStore() throws Exception {
        Path targets = tmp.resolve("targets");
        Files.writeString(targets, "198.18.0.2 3260 iqn.2026-12.x:t\nthis is not a targets line\n");
        Path store = tmp.resolve("new").resolve("store.db");
        CliRun r = run("target", "import", targets.toString(), "--store", store.toString(), "--initiator-name",
                "iqn.2026-12.x:i");
        assertEquals(1, r.status(), r.err());
        assertFalse(Files.exists(store), "no store file");
        assertFalse(Files.exists(tmp.resolve("new")), "no store directory");
    }

    @Test
    void lunNumbersOutsideTheSamRangeAreRefused() {
        CliRun negative = run("attach", "--target", "iqn.2026-12.x:t", "--lun", "-1");
        assertEquals(2, negative.status());
        assertTrue(negative.err().contains("-1: a LUN number is never negative (expected 0..16383)"), negative.err());
        CliRun huge = run("serve", "--target", "iqn.2026-12.x:t", "--lun", "18446744073709551616");
        assertTrue(huge.err().contains("18446744073709551616 is outside SAM's 8-byte LUN range 0..2^64-1"), huge.err());
        CliRun wide = run("detach", "--target", "iqn.2026-12.x:t", "--lun", "16384");
        assertTrue(wide.err().contains("16384 has no single-level SAM address"), wide.err());
        CliRun word = run("attach", "--target", "iqn.2026-12.x:t", "--lun", "one");
        assertTrue(word.err().contains("'one' is not a LUN number"), word.err());
    }

    @Test
    void configShowOffersNoLoginOptions() {
        CliRun help = run("config", "show", "--help");
        assertEquals(0, help.status());
        assertTrue(help.out().contains("--config-dir"), help.out());
        for (String login : new String[] {"--chap", "--initiator-name", "--header-digest", "--socket-buffers"}) {
            assertFalse(help.out().contains(login), login + " offered:\n" + help.out());
        }
    }

    @Test
    void detachNamesWhatIsMissing() {
        CliRun none = run("detach");
        assertEquals(1, none.status());
        assertTrue(none.err().contains("name what to detach: a device or FUSE file, or --target IQN [--lun N]"),
                none.err());
        CliRun noLun = run("detach", "--target", "iqn.2026-12.x:t");
        assertEquals(1, noLun.status());
        assertTrue(noLun.err().contains("no lunbridge process has a LUN of iqn.2026-12.x:t attached"), noLun.err());
        CliRun both = run("detach", "/dev/loop7", "--lun", "1");
        assertTrue(both.err().contains("--lun 1 goes with --target IQN, not with /dev/loop7"), both.err());
    }

    @Test
    void loginChecksItsPortalAndChapBeforeAskingTheDaemon() {
        String socket = tmp.resolve("none.sock").toString();
        CliRun syntax = run("login", "iqn.2026-12.x:t", "--portal", "198.18.0.2:x", "--control", socket);
        assertEquals(1, syntax.status());
        assertTrue(syntax.err().contains("--portal '198.18.0.2:x'"), syntax.err());
        CliRun chapAlone = run("login", "iqn.2026-12.x:t", "--chap-secret-file", "/etc/hostname", "--control", socket);
        assertTrue(chapAlone.err().contains("the CHAP options of login go with --portal"), chapAlone.err());
        CliRun nameAlone = run("login", "iqn.2026-12.x:t", "--portal", "198.18.0.2", "--chap-name", "alice",
                "--control", socket);
        assertTrue(nameAlone.err().contains("--chap-name, --target-chap-name and --target-chap-secret-file need "
                + "--chap-secret-file"), nameAlone.err());
        CliRun missing = run("login", "iqn.2026-12.x:t", "--portal", "198.18.0.2", "--chap-secret-file",
                tmp.resolve("nope").toString(), "--control", socket);
        assertTrue(missing.err().contains("--chap-secret-file " + tmp.resolve("nope") + ": not a readable file"),
                missing.err());
        CliRun noDaemon = run("login", "iqn.2026-12.x:t", "--portal", "198.18.0.2", "--control", socket);
        assertTrue(noDaemon.err().contains("no lunbridge daemon is running"), noDaemon.err());
    }

    @Test
    void storedPortalsThatAreUnspecifiedOrMulticastAreRefused() {
        Path store = tmp.resolve("store.db");
        CliRun any = run("target", "add", "iqn.2026-12.x:t", "--portal", "0.0.0.0", "--store", store.toString());
        assertEquals(1, any.status());
        assertTrue(any.err().contains("portal host: 0.0.0.0 is the unspecified address, which reaches this host like "
                + "loopback; refused"), any.err());
        CliRun multicast = run("target", "add", "iqn.2026-12.x:t", "--portal", "[ff02::1]", "--store", store.toString());
        assertTrue(multicast.err().contains("is a multicast address, not one target's address; refused"), multicast.err());
    }
}
