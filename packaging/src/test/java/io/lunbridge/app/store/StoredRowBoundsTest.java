package io.lunbridge.app.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.lunbridge.protocol.naming.IscsiName;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A store edited outside lunbridge with values over their bounds is refused before the row is read. */
class StoredRowBoundsTest {
    @TempDir
    Path tmp;

    private Path db() {
        return tmp.resolve("store.db");
    }

    private void seed() {
        try (ConfigStore s = ConfigStore.open(db())) {
            s.add(ConfigStoreTest.full());
        }
    }

    private void set(String table, String column, String value) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db());
             PreparedStatement p = c.prepareStatement("UPDATE " + table + " SET " + column + " = ?"
                     + " WHERE rowid = (SELECT min(rowid) FROM " + table + ")")) {
            p.setString(1, value);
            p.executeUpdate();
        }
    }

    @ParameterizedTest
    @CsvSource({"target, alias, 255", "target, export_name, 4096", "target_volume_group, name, 127",
        "portal, host, 253", "portal_interface, name, 15", "chap, name, 255", "chap, secret, 255",
        "chap, mutual_name, 255", "chap, mutual_secret, 255"})
    void valueAtItsBoundIsReadAndOneByteMoreIsRefusedNamingTableColumnAndLimit(String table, String column,
                                                                              int limit) throws Exception {
        seed();
        if (!table.equals("portal_interface")) {
            // at the bound: the bounds check passes (the field rules may still refuse the value later)
            set(table, column, "q".repeat(limit));
            try (ConfigStore s = ConfigStore.open(db())) {
                try {
                    s.list();
                } catch (StoreException e) {
                    assertFalse(e.getMessage().contains("too long ("), e.getMessage());
                } catch (IllegalArgumentException e) {
                    assertFalse(e.getMessage().contains("too long ("), e.getMessage());
                }
            }
        }
        set(table, column, "q".repeat(limit + 1));
        try (ConfigStore s = ConfigStore.open(db())) {
            StoreException e = assertThrows(StoreException.class, s::list);
            String message = e.getMessage();
            assertEquals(true, message.startsWith("store " + db() + ": " + table + " row "), message);
            assertEquals(true, message.contains(": " + column + " too long (" + (limit + 1) + " bytes, at most "
                    + limit + ")"), message);
            assertFalse(message.contains("qqqq"), "never the value: " + message);
        }
    }

    @Test
    void tenMegabyteNameIsRefusedWithoutReadingIt() throws Exception {
        seed();
        set("target", "iqn", "iqn.2026-11.x:" + "n".repeat(10 * 1024 * 1024));
        try (ConfigStore s = ConfigStore.open(db())) {
            StoreException e = assertThrows(StoreException.class, s::list);
            assertEquals("store " + db() + ": target row 1: iqn too long (" + (14 + 10 * 1024 * 1024)
                    + " bytes, at most 223); the store was changed outside lunbridge", e.getMessage());
        }
    }

    @Test
    void invalidNameInARowNamesTheRow() throws Exception {
        seed();
        set("target", "iqn", "iqn.2026-13.x");
        try (ConfigStore s = ConfigStore.open(db())) {
            StoreException e = assertThrows(StoreException.class, s::list);
            assertEquals(true, e.getMessage().startsWith("store " + db() + ": target row 1: iqn: iSCSI name"),
                    e.getMessage());
        }
    }

    @Test
    void everyTextColumnOfTheSchemaIsBounded() throws Exception {
        seed();
        java.util.Set<String> text = new java.util.TreeSet<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db())) {
            for (String table : List.of("target", "portal", "portal_interface", "chap", "iface", "target_setting",
                    "target_volume_group", "device_flag")) {
                try (java.sql.ResultSet r = c.createStatement().executeQuery("PRAGMA table_info(" + table + ")")) {
                    while (r.next()) {
                        if (r.getString("type").equalsIgnoreCase("TEXT")) {
                            text.add(table + "." + r.getString("name"));
                        }
                    }
                }
            }
        }
        java.util.Set<String> bounded = new java.util.TreeSet<>();
        StoredRowBounds.COLUMNS.forEach(col -> bounded.add(col.table() + "." + col.column()));
        assertEquals(text, bounded);
        assertEquals(IscsiName.MAX_BYTES, StoredRowBounds.COLUMNS.get(0).maxBytes());
    }
}
