package io.lunbridge.app.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lunbridge.protocol.discovery.targetsfile.ChapSecretValue;
import io.lunbridge.protocol.naming.IscsiName;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TargetsFileImportExportTest {
    static final IscsiName INITIATOR = IscsiName.parse("iqn.2026-11.io.lunbridge.test:host");
    static final IscsiName A = IscsiName.parse("iqn.2026-11.io.lunbridge.test:a");
    static final IscsiName B = IscsiName.parse("iqn.2026-11.io.lunbridge.test:b");

    @TempDir
    Path tmp;

    final TargetsFileImport importer = new TargetsFileImport(INITIATOR);

    ConfigStore store() {
        return ConfigStore.open(tmp.resolve("store.db"));
    }

    @Test
    void linesOfOneTargetBecomeOneTargetWithItsPortals() {
        try (ConfigStore s = store()) {
            TargetsFileImport.Outcome o = importer.importText(s, "targets", """
                    198.18.0.2 3260 iqn.2026-11.io.lunbridge.test:a "secret-of-a-123"
                    198.18.1.2 3260 iqn.2026-11.io.lunbridge.test:a "secret-of-a-123"
                    198.18.0.3 3261 iqn.2026-11.io.lunbridge.test:b "secret-of-b-123" bname
                    """, false);
            assertEquals(new TargetsFileImport.Outcome(2, 0, 3), o);
            StoredTarget a = s.find(A).orElseThrow();
            assertEquals(List.of(StoredPortal.of("198.18.0.2", 3260), StoredPortal.of("198.18.1.2", 3260)),
                    a.portals());
            assertEquals(Optional.empty(), a.chap().orElseThrow().name(), "the initiator name is the default");
            assertEquals(ChapSecretValue.of("secret-of-a-123"), a.chap().orElseThrow().secret());
            assertEquals(Optional.of("bname"), s.find(B).orElseThrow().chap().orElseThrow().name());
        }
    }

    @Test
    void aFileWithErrorsAppliesNothingAndReportsEveryError() {
        try (ConfigStore s = store()) {
            s.add(StoredTarget.of(B, List.of(StoredPortal.of("198.18.0.3", 3260))));
            StoreException e = assertThrows(StoreException.class, () -> importer.importText(s, "t.conf", """
                    198.18.0.2 3260 iqn.2026-11.io.lunbridge.test:a
                    198.18.0.2 70000 iqn.2026-11.io.lunbridge.test:c
                    198.18.0.2 3260 iqn.2026-13.io.lunbridge.test:d
                    """, false));
            assertTrue(e.getMessage().startsWith("2 errors in targets file t.conf; nothing was imported:\n"),
                    e.getMessage());
            assertTrue(e.getMessage().contains("t.conf:2:12: PortNumber:"), e.getMessage());
            assertTrue(e.getMessage().contains("t.conf:3:"), e.getMessage());
            assertEquals(List.of(B), s.list().stream().map(StoredTarget::name).toList());
        }
    }

    @Test
    void storeConflictsAreReportedWithTheirLinesAndNothingIsApplied() {
        try (ConfigStore s = store()) {
            s.add(StoredTarget.of(B, List.of(StoredPortal.of("198.18.0.3", 3260))));
            StoreException e = assertThrows(StoreException.class, () -> importer.importText(s, "t", """
                    198.18.0.2 3260 iqn.2026-11.io.lunbridge.test:a
                    # a comment
                    198.18.0.9 3260 iqn.2026-11.io.lunbridge.test:b
                    127.0.0.1 3260 iqn.2026-11.io.lunbridge.test:c
                    198.18.0.2 3260 iqn.2026-11.io.lunbridge.test:d "one-secret-123"
                    198.18.1.2 3260 iqn.2026-11.io.lunbridge.test:d "another-secret-1"
                    """, false));
            assertEquals("2 errors in targets file t; nothing was imported:\n"
                    + "t:4:1: HostNameOrAddress: portal host: 127.0.0.1 is a loopback address; refused\n"
                    + "t:6:1: CHAPSecret: the CHAP secret or name differs from line 5 for the same target"
                    + " iqn.2026-11.io.lunbridge.test:d; the store keeps one set of CHAP credentials per target",
                    e.getMessage());
            assertFalse(e.getMessage().contains("secret-1"), "no secret in the message");
            StoreException stored = assertThrows(StoreException.class, () -> importer.importText(s, "t", """
                    198.18.0.2 3260 iqn.2026-11.io.lunbridge.test:a
                    198.18.0.9 3260 iqn.2026-11.io.lunbridge.test:b
                    """, false));
            assertEquals("1 error in targets file t; nothing was imported:\n"
                    + "t:2:1: iSCSIName: target " + B + " is already in the store; remove it first or import"
                    + " with --replace", stored.getMessage());
            assertEquals(List.of(B), s.list().stream().map(StoredTarget::name).toList());
        }
    }

    @Test
    void replaceKeepsAttachPreferencesButNeverTouchesABootTarget() {
        try (ConfigStore s = store()) {
            s.add(new StoredTarget(A, Optional.of("data"), false, VolumeGroups.parse("datavg"), OptionalInt.of(4),
                    Optional.empty(), List.of(StoredPortal.of("198.18.0.2", 3260)), Optional.empty()));
            importer.importText(s, "t", "198.18.5.5 3260 " + A + " \"new-secret-1234\"\n", true);
            StoredTarget a = s.find(A).orElseThrow();
            assertEquals(List.of(StoredPortal.of("198.18.5.5", 3260)), a.portals());
            assertEquals(VolumeGroups.parse("datavg"), a.volumeGroups());
            assertEquals(OptionalInt.of(4), a.nbdIndex());
            assertTrue(a.chap().isPresent());

            s.add(new StoredTarget(B, Optional.empty(), true, VolumeGroups.NONE, OptionalInt.empty(), Optional.empty(),
                    List.of(StoredPortal.of("198.18.0.3", 3260)), Optional.empty()));
            StoreException e = assertThrows(StoreException.class,
                    () -> importer.importText(s, "t", "198.18.6.6 3260 " + B + "\n", true));
            assertTrue(e.getMessage().contains("t:1:1: iSCSIName: target " + B + " is a boot target in the store"),
                    e.getMessage());
            assertEquals(List.of(StoredPortal.of("198.18.0.3", 3260)), s.find(B).orElseThrow().portals());
        }
    }

    @Test
    void replaceKeepsTheNeedsFsckFlagsOfTheTargetsLuns() {
        try (ConfigStore s = store()) {
            s.add(new StoredTarget(A, Optional.empty(), false, VolumeGroups.NONE, OptionalInt.empty(), Optional.empty(),
                    List.of(StoredPortal.of("198.18.0.2", 3260)), Optional.empty()));
            java.time.Instant since = java.time.Instant.parse("2026-12-04T01:02:03Z");
            s.recordIoFailure(A, "1", true, since, "replacement timeout expired", 7, Optional.of("/dev/loop3"));
            List<DeviceFlag> before = s.deviceFlags();
            assertEquals(1, before.size());
            importer.importText(s, "t", "198.18.5.5 3260 " + A + "\n", true);
            assertEquals(List.of(StoredPortal.of("198.18.5.5", 3260)), s.find(A).orElseThrow().portals());
            assertEquals(before, s.deviceFlags(), "the filesystem still needs its check after the portals changed");
            s.remove(List.of(A));
            assertEquals(List.of(), s.deviceFlags(), "a removed target takes its flags along");
        }
    }

    @Test
    void exportWithSecretsImportsBackToTheSameConnections() {
        StoredChap chap = StoredChap.oneWay(Optional.of("custom"), ChapSecretValue.of("a secret with spaces"));
        List<StoredTarget> targets = List.of(
                StoredTarget.of(A, List.of(StoredPortal.of("198.18.0.2", 3260), StoredPortal.of("fd00::2", 3261)))
                        .withConnection(List.of(StoredPortal.of("198.18.0.2", 3260), StoredPortal.of("fd00::2", 3261)),
                                Optional.of(chap)),
                StoredTarget.of(B, List.of(StoredPortal.of("198.18.0.3", 3260))));
        TargetsFileExport.Rendered r = new TargetsFileExport(INITIATOR).render(targets, true);
        assertEquals(List.of(), r.warnings());
        assertTrue(r.hasSecrets());
        try (ConfigStore s = store()) {
            importer.importText(s, "exported", r.text(), false);
            assertEquals(targets, s.list());
        }
    }

    @Test
    void exportWithoutSecretsLeavesThemOutAndSaysSo() {
        StoredChap chap = new StoredChap(Optional.of("custom"), ChapSecretValue.of("hidden-secret-1"),
                Optional.empty(), Optional.of(ChapSecretValue.of("hidden-secret-2")));
        StoredTarget a = new StoredTarget(A, Optional.empty(), true, VolumeGroups.NONE, OptionalInt.empty(),
                Optional.empty(), List.of(StoredPortal.of("198.18.0.2", 3260)), Optional.of(chap));
        TargetsFileExport.Rendered r = new TargetsFileExport(INITIATOR).render(List.of(a), false);
        assertFalse(r.text().contains("hidden-secret"), r.text());
        assertFalse(r.hasSecrets());
        assertTrue(r.text().endsWith("\n198.18.0.2 3260 " + A + "\n"), r.text());
        assertEquals(List.of(
                "target " + A + ": CHAP credentials not exported (use --include-secrets to write the secret in clear text)",
                "target " + A + ": mutual CHAP cannot be written in a targets file; the target's credentials are not"
                        + " exported",
                "boot flags, aliases, volume groups, nbd indexes, export names, portal group tags and interfaces are"
                        + " not part of the targets file format and were not exported"), r.warnings());
    }
}
