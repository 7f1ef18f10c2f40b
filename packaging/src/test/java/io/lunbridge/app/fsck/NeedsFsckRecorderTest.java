package io.lunbridge.app.fsck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lunbridge.app.store.ConfigStore;
import io.lunbridge.app.store.DeviceFlag;
import io.lunbridge.mpio.IoFailure;
import io.lunbridge.mpio.IoFailureListener;
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

/** A device's I/O failure reports become the store's flag, written off the caller's thread; status shows it. */
class NeedsFsckRecorderTest {
    static final String T = "iqn.2026-12.io.lunbridge.test:flag";
    static final Instant SINCE = Instant.parse("2026-12-04T01:02:03.456Z");

    @TempDir
    Path tmp;

    @Test
    void theListenerReturnsWhileTheStoreIsLockedAndTheFlagIsWrittenAfterwards() throws Exception {
        Path store = tmp.resolve("store.db");
        ConfigStore.open(store).close();
        NeedsFsckRecorder recorder = new NeedsFsckRecorder(store);
        IoFailureListener l = recorder.listener(T, "1", () -> Optional.of("/dev/loop7"));
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + store); Statement st = c.createStatement()) {
            st.execute("BEGIN IMMEDIATE"); // another writer holds the store
            l.failed(new IoFailure(T + "/lun1", true, SINCE, "replacement timeout expired", 3));
            l.failed(new IoFailure(T + "/lun1", false, SINCE, "replacement timeout expired", 5));
            // reached while the lock is held: the event loop would not have waited for the store
            st.execute("COMMIT");
        }
        recorder.close(); // finishes the queued writes
        try (ConfigStore s = ConfigStore.open(store)) {
            assertEquals(List.of(new DeviceFlag(IscsiName.parse(T), "1", SINCE, "replacement timeout expired", 1, 8,
                    Optional.of("/dev/loop7"))), s.deviceFlags());
        }
        NeedsFsckStatus status = NeedsFsckStatus.read(store);
        assertEquals(List.of("needs fsck: " + T + " lun 1 since 2026-12-04T01:02:03Z (replacement timeout expired,"
                + " 8 I/Os failed) on /dev/loop7: run lunbridge fsck"), status.lines());
        assertEquals("[{\"target\":\"" + T + "\",\"lun\":\"1\",\"since\":\"2026-12-04T01:02:03Z\",\"reason\":"
                + "\"replacement timeout expired\",\"episodes\":1,\"failedIos\":8,\"device\":\"/dev/loop7\"}]",
                status.json());
    }

    @Test
    void statusOfAStoreThatDoesNotExistShowsNoFlagAndCreatesNothing() {
        Path store = tmp.resolve("none/store.db");
        assertEquals(List.of(), NeedsFsckStatus.read(store).lines());
        assertEquals("[]", NeedsFsckStatus.read(store).json());
        assertTrue(!store.getParent().toFile().exists(), "no store created by status");
    }
}
