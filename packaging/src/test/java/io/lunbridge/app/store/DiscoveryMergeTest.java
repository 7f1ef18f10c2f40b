package io.lunbridge.app.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lunbridge.protocol.naming.IscsiName;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code discover --add}: discovery fills and updates only what discovery set; the user's fields stay. */
class DiscoveryMergeTest {
    static final IscsiName A = IscsiName.parse("iqn.2026-12.io.lunbridge.test:a");
    static final IscsiName B = IscsiName.parse("iqn.2026-12.io.lunbridge.test:b");

    @TempDir
    Path tmp;

    Path db() {
        return tmp.resolve("store.db");
    }

    static DiscoveredTarget found(IscsiName name, String alias, StoredPortal... portals) {
        return new DiscoveredTarget(name, List.of(portals), Optional.ofNullable(alias), "isns 198.18.0.5:3205");
    }

    static StoredPortal portal(String host, int tag) {
        return new StoredPortal(host, 3260, tag, List.of());
    }

    List<MergeResult> merge(DiscoveredTarget... targets) {
        try (ConfigStore s = ConfigStore.open(db())) {
            return s.mergeDiscovered(List.of(targets));
        }
    }

    StoredTarget stored(IscsiName name) {
        try (ConfigStore s = ConfigStore.open(db())) {
            return s.find(name).orElseThrow();
        }
    }

    @Test
    void aNewTargetIsAddedWithItsPortalsAndAlias() {
        List<MergeResult> r = merge(found(A, "array one", portal("198.18.0.2", 1), portal("198.18.0.3", 2)));
        assertEquals("added", r.get(0).describe());
        StoredTarget a = stored(A);
        assertEquals(Optional.of("array one"), a.alias());
        assertEquals(List.of(portal("198.18.0.2", 1), portal("198.18.0.3", 2)), a.portals());
        assertEquals(false, a.boot());
    }

    @Test
    void rediscoveryNeverOverwritesTheUsersFields() {
        try (ConfigStore s = ConfigStore.open(db())) {
            s.add(new StoredTarget(A, Optional.of("db disk"), true, VolumeGroups.parse("datavg"), OptionalInt.of(4),
                    Optional.of("db"), List.of(new StoredPortal("198.18.0.2", 3260, 7, List.of("eth1"))),
                    Optional.empty()));
        }
        List<MergeResult> r = merge(found(A, "array one", portal("198.18.0.2", 1), portal("198.18.0.3", 2)));
        assertEquals("updated: portal 198.18.0.3:3260,2 added; kept alias 'db disk' (yours; discovery says"
                + " 'array one'), portal 198.18.0.2:3260,7 (yours; discovery says tag 1)", r.get(0).describe());
        StoredTarget a = stored(A);
        assertEquals(Optional.of("db disk"), a.alias());
        assertEquals(new StoredPortal("198.18.0.2", 3260, 7, List.of("eth1")), a.portals().get(0));
        assertEquals(portal("198.18.0.3", 2), a.portals().get(1));
        assertTrue(a.boot());
        assertEquals(VolumeGroups.parse("datavg"), a.volumeGroups());
        assertEquals(OptionalInt.of(4), a.nbdIndex());
        assertEquals(Optional.of("db"), a.exportName());
    }

    @Test
    void whatDiscoverySetFollowsDiscovery() {
        merge(found(A, "old name", portal("198.18.0.2", 1)));
        List<MergeResult> r = merge(found(A, "new name", portal("198.18.0.2", 5)));
        assertEquals("updated: alias 'old name' -> 'new name', portal 198.18.0.2:3260 tag 1 -> 5", r.get(0).describe());
        StoredTarget a = stored(A);
        assertEquals(Optional.of("new name"), a.alias());
        assertEquals(List.of(portal("198.18.0.2", 5)), a.portals());
    }

    @Test
    void anEmptyAliasOfTheUsersIsFilled() {
        try (ConfigStore s = ConfigStore.open(db())) {
            s.add(StoredTarget.of(A, List.of(StoredPortal.of("198.18.0.2", 3260))));
        }
        assertEquals("updated: alias 'array' set", merge(found(A, "array", StoredPortal.of("198.18.0.2", 3260)))
                .get(0).describe());
    }

    @Test
    void sameAnswerTwiceIsUnchangedAndNothingIsRemoved() {
        merge(found(A, null, portal("198.18.0.2", 1), portal("198.18.0.3", 1)));
        assertEquals("unchanged", merge(found(A, null, portal("198.18.0.2", 1))).get(0).describe());
        assertEquals(2, stored(A).portals().size(), "a portal discovery no longer reports stays");
    }

    @Test
    void anUnknownTagDoesNotEraseAKnownOne() {
        merge(found(A, null, portal("198.18.0.2", 3)));
        assertEquals("unchanged", merge(found(A, null, portal("198.18.0.2", -1))).get(0).describe());
        assertEquals(3, stored(A).portals().get(0).groupTag());
    }

    @Test
    void aBatchIsAllOrNothing() {
        DiscoveredTarget bad = new DiscoveredTarget(B, List.of(portal("198.18.0.9", 1)), Optional.of("x".repeat(300)),
                "slp");
        assertThrows(StoreException.class, () -> merge(found(A, null, portal("198.18.0.2", 1)), bad));
        try (ConfigStore s = ConfigStore.open(db())) {
            assertEquals(List.of(), s.list(), "the good target of the failed batch was rolled back");
        }
    }

    @Test
    void aLoopbackPortalIsRefusedBeforeAnythingIsWritten() {
        StoreException e = assertThrows(StoreException.class, () -> found(A, null, portal("127.0.0.1", 1)));
        assertTrue(e.getMessage().contains("127.0.0.1"), e.getMessage());
    }

    @Test
    void rowsOfAVersion2StoreCountAsTheUsers() throws Exception {
        try (ConfigStore s = ConfigStore.open(db(), 2)) {
            assertEquals(2, s.schemaVersion());
            s.add(new StoredTarget(A, Optional.of("mine"), false, VolumeGroups.NONE, OptionalInt.empty(),
                    Optional.empty(), List.of(portal("198.18.0.2", 4)), Optional.empty()));
        }
        List<MergeResult> r = merge(found(A, "theirs", portal("198.18.0.2", 1)));
        assertTrue(Schema.LATEST >= 3, "migrated past the version that records discovery");
        assertTrue(r.get(0).describe().startsWith("unchanged; kept alias 'mine'"), r.get(0).describe());
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db()); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT discovered_by, alias_discovered_by FROM target")) {
            rs.next();
            assertEquals(null, rs.getString(1));
            assertEquals(null, rs.getString(2));
        }
    }
}
