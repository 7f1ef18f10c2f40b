package io.lunbridge.app.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lunbridge.protocol.discovery.targetsfile.ChapSecretValue;
import io.lunbridge.protocol.naming.IscsiName;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigStoreTest {
    static final IscsiName A = IscsiName.parse("iqn.2026-11.io.lunbridge.test:a");
    static final IscsiName B = IscsiName.parse("iqn.2026-11.io.lunbridge.test:b");
    static final IscsiName C = IscsiName.parse("iqn.2026-11.io.lunbridge.test:c");

    @TempDir
    Path tmp;

    Path db() {
        return tmp.resolve("lib/lunbridge/store.db");
    }

    static StoredTarget full() {
        StoredChap chap = new StoredChap(Optional.of("host1"), ChapSecretValue.of("initiator-secret-1"),
                Optional.of("array1"), Optional.of(ChapSecretValue.of("target-secret-22")));
        return new StoredTarget(A, Optional.of("root disk"), true, Optional.of("rootvg"), OptionalInt.of(3),
                Optional.of("root"), List.of(new StoredPortal("198.18.0.2", 3260, 1, List.of("eth2", "eth1")),
                        new StoredPortal("FD00::2", 3261, -1, List.of())), Optional.of(chap));
    }

    @Test
    void aTargetReadsBackWithEveryField() {
        try (ConfigStore s = ConfigStore.open(db())) {
            s.add(full());
            s.add(StoredTarget.of(B, List.of(StoredPortal.of("198.18.0.3", 3260))));
        }
        try (ConfigStore s = ConfigStore.open(db())) {
            StoredTarget a = s.find(A).orElseThrow();
            assertEquals(full().portals(), a.portals());
            assertEquals("fd00::2", a.portals().get(1).host());
            assertEquals(List.of("eth2", "eth1"), a.portals().get(0).interfaces());
            assertEquals(full().chap(), a.chap());
            assertEquals(full().toString(), a.toString());
            assertEquals(List.of(A, B), s.list().stream().map(StoredTarget::name).toList());
            assertEquals(List.of(A), s.bootTargets().stream().map(StoredTarget::name).toList());
            assertEquals(List.of(), s.check());
            assertEquals(Schema.LATEST, s.schemaVersion());
        }
    }

    @Test
    void secretsAppearInNoStringForm() {
        String text = full().toString() + full().chap().orElseThrow().describe();
        assertFalse(text.contains("initiator-secret-1"), text);
        assertFalse(text.contains("target-secret-22"), text);
        assertTrue(full().chap().orElseThrow().describe().contains("name host1"));
    }

    @Test
    void duplicatesAreRefusedNamingTheTargetAndTheField() {
        try (ConfigStore s = ConfigStore.open(db())) {
            s.add(full());
            StoreException dup = assertThrows(StoreException.class,
                    () -> s.add(StoredTarget.of(A, List.of(StoredPortal.of("198.18.0.9", 3260)))));
            assertTrue(dup.getMessage().contains(A + " is already in the store"), dup.getMessage());
            StoredTarget sameIndex = new StoredTarget(B, Optional.empty(), false, Optional.empty(), OptionalInt.of(3),
                    Optional.of("root"), List.of(StoredPortal.of("198.18.0.9", 3260)), Optional.empty());
            StoreException both = assertThrows(StoreException.class, () -> s.addAll(List.of(
                    StoredTarget.of(C, List.of(StoredPortal.of("198.18.0.9", 3260))), sameIndex)));
            assertEquals("target " + B + ": nbd index 3 is already used by target " + A, both.getMessage());
            assertEquals(List.of(A), s.list().stream().map(StoredTarget::name).toList(), "addAll applied nothing");
        }
    }

    @Test
    void removeIsAllOrNothing() {
        try (ConfigStore s = ConfigStore.open(db())) {
            s.add(full());
            StoreException e = assertThrows(StoreException.class, () -> s.remove(List.of(A, B)));
            assertTrue(e.getMessage().contains("not in the store") && e.getMessage().contains(B.value())
                    && e.getMessage().contains("nothing was removed"), e.getMessage());
            assertTrue(s.find(A).isPresent());
            s.remove(List.of(A));
            assertEquals(List.of(), s.list());
            assertEquals(List.of(), s.check(), "portals, interfaces and CHAP went with the target");
        }
    }

    @Test
    void theStoreIsPrivateToItsOwner() throws Exception {
        try (ConfigStore s = ConfigStore.open(db())) {
            s.add(full());
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(db())));
            Path wal = Path.of(db() + "-wal");
            assertTrue(Files.exists(wal), "WAL mode");
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(wal)));
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(db().getParent())));
        }
        Files.setPosixFilePermissions(db(), PosixFilePermissions.fromString("rw-r--r--"));
        StoreException e = assertThrows(StoreException.class, () -> ConfigStore.open(db()));
        assertTrue(e.getMessage().contains("chmod 600 " + db()), e.getMessage());
    }

    @Test
    void namedInterfacesAreKeptReplacedAndRemoved() throws Exception {
        try (ConfigStore s = ConfigStore.open(db())) {
            assertTrue(s.ifaces().isEmpty());
            s.putIface("san-a", "eth1");
            s.putIface("san-b", "eth2");
            s.putIface("san-a", "eth3");
            assertEquals(java.util.Map.of("san-a", "eth3", "san-b", "eth2"), s.ifaces());
            s.removeIface("san-b");
            assertEquals(java.util.Map.of("san-a", "eth3"), s.ifaces());
            assertTrue(assertThrows(StoreException.class, () -> s.removeIface("san-b")).getMessage()
                    .startsWith("no interface named san-b in the store"));
            assertTrue(assertThrows(StoreException.class, () -> s.putIface("san-c", "lo")).getMessage()
                    .contains("loopback"));
            assertTrue(assertThrows(StoreException.class, () -> s.putIface("a/b", "eth1")).getMessage()
                    .contains("no '/'"));
        }
        try (ConfigStore s = ConfigStore.open(db())) {
            assertEquals(java.util.Map.of("san-a", "eth3"), s.ifaces(), "kept across opens");
        }
    }

    @Test
    void aVersion1StoreIsMigratedKeepingItsTargets() throws Exception {
        try (ConfigStore s = ConfigStore.open(db(), 1)) {
            assertEquals(1, s.schemaVersion());
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db()); Statement st = c.createStatement()) {
            st.executeUpdate("INSERT INTO target (id, iqn, boot, nbd_index) VALUES (7, '" + A + "', 1, 2)");
            st.executeUpdate("INSERT INTO portal (target_id, position, host, port, tpgt) VALUES (7, 0, '198.18.0.2',"
                    + " 3260, 1)");
        }
        try (ConfigStore s = ConfigStore.open(db())) {
            assertEquals(Schema.LATEST, s.schemaVersion());
            StoredTarget a = s.find(A).orElseThrow();
            assertTrue(a.boot());
            assertEquals(OptionalInt.of(2), a.nbdIndex());
            assertEquals(Optional.empty(), a.volumeGroup());
            s.add(new StoredTarget(B, Optional.empty(), false, Optional.of("datavg"), OptionalInt.empty(),
                    Optional.empty(), List.of(StoredPortal.of("198.18.0.3", 3260)), Optional.empty()));
            assertEquals(Optional.of("datavg"), s.find(B).orElseThrow().volumeGroup());
        }
    }

    @Test
    void aVersion5StoreIsMigratedToManualStartupWithAllLuns() throws Exception {
        try (ConfigStore s = ConfigStore.open(db(), 5)) {
            s.add(StoredTarget.of(A, List.of(StoredPortal.of("198.18.0.2", 3260))));
        }
        try (ConfigStore s = ConfigStore.open(db())) {
            assertEquals(Schema.LATEST, s.schemaVersion());
            assertEquals(StartupPolicy.DEFAULT, s.find(A).orElseThrow().startup());
            assertEquals(List.of(), s.automaticTargets());
            s.setStartup(A, new StartupPolicy(Startup.AUTOMATIC, LunAllowList.parse("2,0")));
            s.add(new StoredTarget(B, Optional.empty(), false, Optional.empty(), OptionalInt.empty(), Optional.empty(),
                    List.of(StoredPortal.of("198.18.0.3", 3260)), Optional.empty(),
                    new StartupPolicy(Startup.AUTOMATIC, LunAllowList.ALL)));
        }
        try (ConfigStore s = ConfigStore.open(db())) {
            StoredTarget a = s.find(A).orElseThrow();
            assertEquals("0,2", a.startup().luns().text());
            assertTrue(a.startup().luns().allows(io.lunbridge.protocol.scsi.Lun.ofNumber(2)));
            assertFalse(a.startup().luns().allows(io.lunbridge.protocol.scsi.Lun.ofNumber(1)));
            assertEquals(List.of(A, B), s.automaticTargets().stream().map(StoredTarget::name).toList());
            assertEquals(List.of(), s.check());
            StoreException e = assertThrows(StoreException.class, () -> s.setStartup(C, StartupPolicy.DEFAULT));
            assertTrue(e.getMessage().contains("target " + C + " is not in the store"), e.getMessage());
        }
    }

    @Test
    void aStartupOrLunListChangedOutsideLunbridgeIsRefusedNamingTheRow() throws Exception {
        try (ConfigStore s = ConfigStore.open(db())) {
            s.add(StoredTarget.of(A, List.of(StoredPortal.of("198.18.0.2", 3260))));
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db()); Statement st = c.createStatement()) {
            assertThrows(java.sql.SQLException.class, () -> st.executeUpdate("UPDATE target SET startup = 'boot'"),
                    "the CHECK constraint keeps startup to manual/automatic");
            st.executeUpdate("UPDATE target SET luns = '1,banana'");
        }
        try (ConfigStore s = ConfigStore.open(db())) {
            StoreException e = assertThrows(StoreException.class, s::list);
            assertTrue(e.getMessage().contains("luns: expected 'all' or LUN numbers") && e.getMessage().contains("'banana'")
                    && e.getMessage().contains("changed outside lunbridge"), e.getMessage());
        }
    }

    @Test
    void aStoreFromANewerLunbridgeIsRefused() throws Exception {
        ConfigStore.open(db()).close();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db()); Statement st = c.createStatement()) {
            st.executeUpdate("PRAGMA user_version = 99");
        }
        StoreException e = assertThrows(StoreException.class, () -> ConfigStore.open(db()));
        assertTrue(e.getMessage().contains("schema version 99, newer than this lunbridge understands (" + Schema.LATEST + ")"),
                e.getMessage());
    }

    @Test
    void aFileThatIsNotADatabaseIsNamed() throws Exception {
        Path f = tmp.resolve("junk.db");
        Files.writeString(f, "this is not sqlite, just some text that is long enough to be a header".repeat(10));
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
        StoreException e = assertThrows(StoreException.class, () -> ConfigStore.open(f));
        assertTrue(e.getMessage().contains(f + " is not an SQLite database"), e.getMessage());
    }

    @Test
    void badFieldsAreRefusedNamingTheField() {
        assertEquals("target " + A + ": volume group: expected an LVM name (letters, digits, '+', '_', '.', '-';"
                + " not starting with '-'), found 'root vg'", assertThrows(StoreException.class,
                        () -> new StoredTarget(A, Optional.empty(), false, Optional.of("root vg"), OptionalInt.empty(),
                                Optional.empty(), List.of(StoredPortal.of("198.18.0.2", 3260)), Optional.empty()))
                        .getMessage());
        assertEquals("target " + A + ": nbd index: expected 0..65535, found -1", assertThrows(StoreException.class,
                () -> new StoredTarget(A, Optional.empty(), false, Optional.empty(), OptionalInt.of(-1),
                        Optional.empty(), List.of(StoredPortal.of("198.18.0.2", 3260)), Optional.empty())).getMessage());
        assertEquals("target " + A + ": expected at least one portal, found none",
                assertThrows(StoreException.class, () -> StoredTarget.of(A, List.of())).getMessage());
        assertEquals("target " + A + ": portal 198.18.0.2:3260 is listed twice", assertThrows(StoreException.class,
                () -> StoredTarget.of(A, List.of(StoredPortal.of("198.18.0.2", 3260),
                        StoredPortal.of("198.18.0.2", 3260)))).getMessage());
        assertEquals("portal host: ::1 is a loopback address; refused",
                assertThrows(StoreException.class, () -> StoredPortal.of("::1", 3260)).getMessage());
        assertEquals("portal port: expected 1..65535, found 0",
                assertThrows(StoreException.class, () -> StoredPortal.of("198.18.0.2", 0)).getMessage());
        assertEquals("interface: 'lo' is the loopback interface; iSCSI paths over loopback are refused",
                assertThrows(StoreException.class,
                        () -> new StoredPortal("198.18.0.2", 3260, -1, List.of("lo"))).getMessage());
        assertEquals("target CHAP secret: must differ from the initiator's CHAP secret (RFC 7143 §12.1.3 forbids"
                + " reusing it; it enables reflection attacks)", assertThrows(StoreException.class,
                        () -> new StoredChap(Optional.empty(), ChapSecretValue.of("same-secret-x"), Optional.empty(),
                                Optional.of(ChapSecretValue.of("same-secret-x")))).getMessage());
    }

    @Test
    void theStorePathComesFromTheOptionThenTheEnvironment() {
        assertEquals(Path.of("/x/opt.db"), StoreFile.resolve(Path.of("/x/opt.db"), "/x/env.db"));
        assertEquals(Path.of("/x/env.db"), StoreFile.resolve(null, "/x/env.db"));
        assertEquals(StoreFile.DEFAULT, StoreFile.resolve(null, " "));
        assertEquals(Path.of("/var/lib/lunbridge/store.db"), StoreFile.DEFAULT);
    }
}
