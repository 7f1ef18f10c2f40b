package io.lunbridge.app.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lunbridge.protocol.naming.IscsiName;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The "needs fsck" flags of schema version 8: set, counted over episodes, cleared, migrated, bounded. */
class DeviceFlagStoreTest {
    static final IscsiName A = ConfigStoreTest.A;
    static final IscsiName B = ConfigStoreTest.B;
    static final Instant T1 = Instant.parse("2026-12-04T01:02:03Z");
    static final Instant T2 = Instant.parse("2026-12-04T02:00:00Z");

    @TempDir
    Path tmp;

    Path db() {
        return tmp.resolve("lib/store.db");
    }

    @Test
    void aFlagIsSetCountedOverEpisodesKeptAcrossOpensAndClearedPerLun() {
        try (ConfigStore s = ConfigStore.open(db())) {
            assertEquals(List.of(), s.deviceFlags());
            s.recordIoFailure(A, "1", true, T1, "replacement timeout expired", 4, Optional.of("/dev/loop3"));
            s.recordIoFailure(A, "1", false, T1, "replacement timeout expired", 6, Optional.empty());
            s.recordIoFailure(A, "2", true, T1, "replacement timeout expired", 1, Optional.empty());
        }
        try (ConfigStore s = ConfigStore.open(db())) {
            s.recordIoFailure(A, "1", true, T2, "no usable path and the replacement timeout is 0", 5, Optional.of("/dev/loop4"));
            List<DeviceFlag> flags = s.deviceFlags();
            assertEquals(List.of(
                    new DeviceFlag(A, "1", T1, "no usable path and the replacement timeout is 0", 2, 15,
                            Optional.of("/dev/loop4")),
                    new DeviceFlag(A, "2", T1, "replacement timeout expired", 1, 1, Optional.empty())), flags,
                    "the first since is kept, episodes and failed I/Os add up, the latest reason and device win");
            assertTrue(s.clearDeviceFlag(A, "1"));
            assertFalse(s.clearDeviceFlag(A, "1"), "cleared once");
            assertEquals(List.of("2"), s.deviceFlags().stream().map(DeviceFlag::lun).toList());
        }
    }

    @Test
    void aFlagOfAnUnstoredTargetIsKeptAndAStoredTargetsFlagsGoWithIt() {
        try (ConfigStore s = ConfigStore.open(db())) {
            s.add(StoredTarget.of(A, List.of(StoredPortal.of("198.18.0.2", 3260))));
            s.recordIoFailure(A, "1", true, T1, "replacement timeout expired", 1, Optional.empty());
            s.recordIoFailure(B, "0", true, T1, "replacement timeout expired", 1, Optional.empty());
            s.remove(List.of(A));
            assertEquals(List.of(B), s.deviceFlags().stream().map(DeviceFlag::target).toList(),
                    "removing target A removed its flag (as ON DELETE CASCADE); B was never stored");
            assertEquals(List.of(), s.check());
        }
    }

    @Test
    void aVersion6StoreIsMigratedToVersion8WithoutFlags() throws Exception {
        try (ConfigStore s = ConfigStore.open(db(), 6)) {
            s.add(StoredTarget.of(A, List.of(StoredPortal.of("198.18.0.2", 3260))));
        }
        try (ConfigStore s = ConfigStore.open(db())) {
            assertEquals(8, s.schemaVersion());
            assertEquals(List.of(), s.deviceFlags());
            s.recordIoFailure(A, "1", true, T1, "replacement timeout expired", 1, Optional.empty());
            assertEquals(1, s.deviceFlags().size());
            assertEquals(1, s.list().size(), "the target survived the migration");
        }
    }

    @Test
    void valuesOutOfBoundsAreRefusedAndARowChangedOutsideLunbridgeIsNamed() throws Exception {
        try (ConfigStore s = ConfigStore.open(db())) {
            StoreException lun = assertThrows(StoreException.class, () -> s.recordIoFailure(A, "1; DROP", true, T1,
                    "replacement timeout expired", 1, Optional.empty()));
            assertTrue(lun.getMessage().contains("expected a LUN number"), lun.getMessage());
            assertThrows(StoreException.class, () -> s.recordIoFailure(A, "1", true, T1, "x".repeat(256), 1,
                    Optional.empty()));
            s.recordIoFailure(A, "1", true, T1, "replacement timeout expired", 1, Optional.empty());
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db()); Statement st = c.createStatement()) {
            assertThrows(java.sql.SQLException.class, () -> st.executeUpdate("UPDATE device_flag SET episodes = 0"),
                    "the CHECK constraint");
            st.executeUpdate("UPDATE device_flag SET since = 'yesterday'");
        }
        try (ConfigStore s = ConfigStore.open(db())) {
            StoreException e = assertThrows(StoreException.class, s::deviceFlags);
            assertTrue(e.getMessage().contains("device_flag row 1: since is not an ISO-8601 instant")
                    && e.getMessage().contains("changed outside lunbridge"), e.getMessage());
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db()); Statement st = c.createStatement()) {
            st.executeUpdate("UPDATE device_flag SET since = '" + T1 + "', reason = '" + "r".repeat(300) + "'");
        }
        try (ConfigStore s = ConfigStore.open(db())) {
            StoreException e = assertThrows(StoreException.class, s::deviceFlags);
            assertTrue(e.getMessage().contains("device_flag row 1: reason too long (300 bytes, at most 255)"),
                    e.getMessage());
        }
    }
}
