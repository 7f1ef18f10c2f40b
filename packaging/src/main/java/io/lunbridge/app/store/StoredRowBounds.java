package io.lunbridge.app.store;

import io.lunbridge.protocol.discovery.targetsfile.TargetsFileParser;
import io.lunbridge.protocol.naming.IscsiName;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/**
 * The longest value each text column may hold, checked in SQL before any row is read into memory:
 * lunbridge never writes a longer one, so a longer one means the database was edited by hand (or
 * is hostile) and is refused naming the table, row, column, length and limit, never the value.
 */
final class StoredRowBounds {
    /** One bounded column. */
    record Column(String table, String column, int maxBytes) {
    }

    static final List<Column> COLUMNS = List.of(
            new Column("target", "iqn", IscsiName.MAX_BYTES),
            new Column("target", "alias", FieldRules.MAX_ALIAS),
            new Column("target", "export_name", FieldRules.MAX_EXPORT_NAME),
            new Column("target_volume_group", "name", FieldRules.MAX_VOLUME_GROUP),
            new Column("portal", "host", TargetsFileParser.MAX_HOST_BYTES),
            new Column("portal_interface", "name", FieldRules.MAX_INTERFACE),
            new Column("chap", "name", TargetsFileParser.MAX_CHAP_BYTES),
            new Column("chap", "secret", TargetsFileParser.MAX_CHAP_BYTES),
            new Column("chap", "mutual_name", TargetsFileParser.MAX_CHAP_BYTES),
            new Column("chap", "mutual_secret", TargetsFileParser.MAX_CHAP_BYTES),
            new Column("target", "discovered_by", DiscoveredTarget.MAX_SOURCE_BYTES),
            new Column("target", "alias_discovered_by", DiscoveredTarget.MAX_SOURCE_BYTES),
            new Column("portal", "discovered_by", DiscoveredTarget.MAX_SOURCE_BYTES),
            new Column("iface", "name", FieldRules.MAX_INTERFACE),
            new Column("iface", "netdev", FieldRules.MAX_INTERFACE),
            new Column("target", "startup", 16),
            new Column("target", "luns", LunAllowList.MAX_TEXT_BYTES),
            new Column("target_setting", "key", 64),
            new Column("target_setting", "value", 4096),
            new Column("device_flag", "iqn", IscsiName.MAX_BYTES),
            new Column("device_flag", "lun", DeviceFlag.MAX_LUN_BYTES),
            new Column("device_flag", "flag", 16),
            new Column("device_flag", "since", DeviceFlag.MAX_SINCE_BYTES),
            new Column("device_flag", "reason", DeviceFlag.MAX_REASON_BYTES),
            new Column("device_flag", "device", DeviceFlag.MAX_DEVICE_BYTES));

    private StoredRowBounds() {
    }

    /** A stored row lunbridge refuses to read; the store turns it into a {@link StoreException} naming the file. */
    static final class RowRefused extends RuntimeException {
        private static final long serialVersionUID = 1L;

        RowRefused(String message) {
            super(message, null, false, false);
        }
    }

    /** @throws RowRefused for the first value over its column's bound */
    static void check(Connection c) throws SQLException {
        java.util.Set<String> present = new java.util.HashSet<>();
        for (String table : COLUMNS.stream().map(Column::table).distinct().toList()) {
            try (PreparedStatement p = c.prepareStatement("SELECT name FROM pragma_table_info(?)")) {
                p.setString(1, table);
                try (ResultSet r = p.executeQuery()) {
                    while (r.next()) {
                        present.add(table + "." + r.getString(1));
                    }
                }
            }
        }
        for (Column col : COLUMNS) {
            if (!present.contains(col.table() + "." + col.column())) {
                continue; // a store at an older schema version (being migrated, or opened so in tests)
            }
            String length = "length(CAST(" + col.column() + " AS BLOB))";
            try (PreparedStatement p = c.prepareStatement("SELECT rowid, " + length + " FROM " + col.table()
                    + " WHERE " + length + " > ? LIMIT 1")) {
                p.setInt(1, col.maxBytes());
                try (ResultSet r = p.executeQuery()) {
                    if (r.next()) {
                        throw new RowRefused(col.table() + " row " + r.getLong(1) + ": " + col.column()
                                + " too long (" + r.getLong(2) + " bytes, at most " + col.maxBytes()
                                + "); the store was changed outside lunbridge");
                    }
                }
            }
        }
    }
}
