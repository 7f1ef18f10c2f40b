package io.lunbridge.app.store;

import io.lunbridge.protocol.discovery.targetsfile.ChapSecretValue;
import io.lunbridge.protocol.naming.IscsiName;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The mapping between {@link StoredTarget} and the store's tables, used inside a transaction that
 * {@link ConfigStore} opened: reads see one snapshot, writes commit or vanish together.
 */
final class TargetRows {
    private final Connection c;

    TargetRows(Connection c) {
        this.c = c;
    }

    /** Every target, ordered by name. */
    List<StoredTarget> all() throws SQLException {
        return select("");
    }

    Optional<StoredTarget> find(IscsiName name) throws SQLException {
        List<StoredTarget> found = select(name.value());
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }

    /**
     * Inserts a target that is not in the store yet.
     *
     * @throws StoreException if the name, the nbd index or the export name is already taken
     */
    void insert(StoredTarget t) throws SQLException {
        if (find(t.name()).isPresent()) {
            throw new StoreException("target " + t.name() + " is already in the store; remove it first");
        }
        if (t.nbdIndex().isPresent()) {
            owner("nbd_index", t.nbdIndex().getAsInt()).ifPresent(o -> {
                throw new StoreException("target " + t.name() + ": nbd index " + t.nbdIndex().getAsInt()
                        + " is already used by target " + o);
            });
        }
        if (t.exportName().isPresent()) {
            owner("export_name", t.exportName().get()).ifPresent(o -> {
                throw new StoreException("target " + t.name() + ": export name '" + t.exportName().get()
                        + "' is already used by target " + o);
            });
        }
        checkVolumeGroupsFree(t.name(), t.volumeGroups());
        long id;
        boolean startup = hasStartupColumns();
        boolean vgTable = hasVolumeGroupTable();
        if (!vgTable && t.volumeGroups().names().size() > 1) {
            throw new StoreException("target " + t.name() + ": " + VolumeGroups.KEY + ": a store at schema version "
                    + Schema.version(c) + " holds one volume group per target");
        }
        List<String> columns = new ArrayList<>(List.of("iqn", "alias", "boot", "nbd_index", "export_name"));
        if (!vgTable) {
            columns.add("volume_group");
        }
        if (startup) {
            columns.addAll(List.of("startup", "luns"));
        }
        try (PreparedStatement p = c.prepareStatement("INSERT INTO target (" + String.join(", ", columns)
                + ") VALUES (" + String.join(", ", java.util.Collections.nCopies(columns.size(), "?")) + ")",
                Statement.RETURN_GENERATED_KEYS)) {
            p.setString(1, t.name().value());
            p.setString(2, t.alias().orElse(null));
            p.setInt(3, t.boot() ? 1 : 0);
            if (t.nbdIndex().isPresent()) {
                p.setInt(4, t.nbdIndex().getAsInt());
            } else {
                p.setNull(4, Types.INTEGER);
            }
            p.setString(5, t.exportName().orElse(null));
            int next = 6;
            if (!vgTable) {
                p.setString(next++, t.volumeGroups().isEmpty() ? null : t.volumeGroups().names().get(0));
            }
            if (startup) {
                p.setString(next++, t.startup().startup().text());
                p.setString(next, lunsColumn(t.startup().luns()));
            }
            p.executeUpdate();
            try (ResultSet keys = p.getGeneratedKeys()) {
                keys.next();
                id = keys.getLong(1);
            }
        }
        if (vgTable) {
            insertVolumeGroups(id, t.volumeGroups());
        }
        insertPortals(id, t.portals());
        if (t.chap().isPresent()) {
            insertChap(id, t.chap().get());
        }
    }

    /** Sets a target's startup policy; false if it is not stored. */
    boolean updateStartup(IscsiName name, StartupPolicy policy) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("UPDATE target SET startup = ?, luns = ? WHERE iqn = ?")) {
            p.setString(1, policy.startup().text());
            p.setString(2, lunsColumn(policy.luns()));
            p.setString(3, name.value());
            return p.executeUpdate() > 0;
        }
    }

    /**
     * Replaces a target's volume groups; false if it is not stored.
     *
     * @throws StoreException when one of them is configured for another target
     */
    boolean updateVolumeGroups(IscsiName name, VolumeGroups vgs) throws SQLException {
        Long id = targetId(name);
        if (id == null) {
            return false;
        }
        checkVolumeGroupsFree(name, vgs);
        try (PreparedStatement p = c.prepareStatement("DELETE FROM target_volume_group WHERE target_id = ?")) {
            p.setLong(1, id);
            p.executeUpdate();
        }
        insertVolumeGroups(id, vgs);
        return true;
    }

    /** LVM names are unique per host, and a volume group spanning two targets is refused at activation. */
    private void checkVolumeGroupsFree(IscsiName name, VolumeGroups vgs) throws SQLException {
        if (vgs.isEmpty()) {
            return;
        }
        boolean vgTable = hasVolumeGroupTable();
        try (PreparedStatement p = c.prepareStatement(vgTable
                ? "SELECT t.iqn FROM target_volume_group v JOIN target t ON t.id = v.target_id"
                        + " WHERE v.name = ? AND t.iqn <> ?"
                : "SELECT iqn FROM target WHERE volume_group = ? AND iqn <> ?")) {
            for (String vg : vgs.names()) {
                p.setString(1, vg);
                p.setString(2, name.value());
                try (ResultSet r = p.executeQuery()) {
                    if (r.next()) {
                        throw new StoreException("target " + name + ": " + VolumeGroups.KEY + ": volume group '" + vg
                                + "' is already configured for target " + r.getString(1)
                                + "; a volume group belongs to the disks of one target");
                    }
                }
            }
        }
    }

    private void insertVolumeGroups(long targetId, VolumeGroups vgs) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("INSERT INTO target_volume_group (target_id, position, name)"
                + " VALUES (?, ?, ?)")) {
            int position = 0;
            for (String vg : vgs.names()) {
                p.setLong(1, targetId);
                p.setInt(2, position++);
                p.setString(3, vg);
                p.executeUpdate();
            }
        }
    }

    /** Whether the schema has migration 7's volume group table (else migration 2's single column). */
    private boolean hasVolumeGroupTable() throws SQLException {
        return Schema.version(c) >= 7;
    }

    /** Whether the schema has migration 6's columns (tests drive stores kept at older versions). */
    private boolean hasStartupColumns() throws SQLException {
        return Schema.version(c) >= 6;
    }

    private static String lunsColumn(LunAllowList luns) {
        return luns.numbers().isEmpty() ? null : luns.text();
    }

    /**
     * Writes {@code t} in place of the stored target of its name (deleted with its portals, interfaces
     * and CHAP, then inserted), keeping the "needs fsck" flags of its LUNs: the trigger of migration 8
     * drops a removed target's flags, and a replaced target is not removed: its filesystems still need
     * their check.
     */
    void replace(StoredTarget t) throws SQLException {
        boolean flags = Schema.version(c) >= 8;
        if (flags) {
            try (java.sql.Statement st = c.createStatement()) {
                st.execute("CREATE TEMP TABLE IF NOT EXISTS kept_device_flag AS SELECT * FROM device_flag WHERE 0");
                st.execute("DELETE FROM kept_device_flag");
            }
            try (PreparedStatement p = c.prepareStatement("INSERT INTO kept_device_flag SELECT * FROM device_flag"
                    + " WHERE iqn = ?")) {
                p.setString(1, t.name().value());
                p.executeUpdate();
            }
        }
        delete(t.name());
        insert(t);
        if (flags) {
            try (java.sql.Statement st = c.createStatement()) {
                st.execute("INSERT INTO device_flag SELECT * FROM kept_device_flag");
                st.execute("DELETE FROM kept_device_flag");
            }
        }
    }

    /** Deletes a target with its portals, interfaces and CHAP; false if it was not there. */
    boolean delete(IscsiName name) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("DELETE FROM target WHERE iqn = ?")) {
            p.setString(1, name.value());
            return p.executeUpdate() > 0;
        }
    }

    private Optional<String> owner(String column, Object value) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT iqn FROM target WHERE " + column + " = ?")) {
            p.setObject(1, value);
            try (ResultSet r = p.executeQuery()) {
                return r.next() ? Optional.of(r.getString(1)) : Optional.empty();
            }
        }
    }

    private void insertPortals(long targetId, List<StoredPortal> portals) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("INSERT INTO portal (target_id, position, host, port, tpgt)"
                + " VALUES (?, ?, ?, ?, ?)", Statement.RETURN_GENERATED_KEYS);
                PreparedStatement i = c.prepareStatement("INSERT INTO portal_interface (portal_id, position, name)"
                        + " VALUES (?, ?, ?)")) {
            int position = 0;
            for (StoredPortal portal : portals) {
                p.setLong(1, targetId);
                p.setInt(2, position++);
                p.setString(3, portal.host());
                p.setInt(4, portal.port());
                p.setInt(5, portal.groupTag());
                p.executeUpdate();
                long portalId;
                try (ResultSet keys = p.getGeneratedKeys()) {
                    keys.next();
                    portalId = keys.getLong(1);
                }
                int n = 0;
                for (String iface : portal.interfaces()) {
                    i.setLong(1, portalId);
                    i.setInt(2, n++);
                    i.setString(3, iface);
                    i.executeUpdate();
                }
            }
        }
    }

    private void insertChap(long targetId, StoredChap chap) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("INSERT INTO chap (target_id, name, secret, mutual_name,"
                + " mutual_secret) VALUES (?, ?, ?, ?, ?)")) {
            p.setLong(1, targetId);
            p.setString(2, chap.name().orElse(null));
            p.setString(3, chap.secret().reveal());
            p.setString(4, chap.mutualName().orElse(null));
            p.setString(5, chap.mutualSecret().map(ChapSecretValue::reveal).orElse(null));
            p.executeUpdate();
        }
    }

    /** Loads all targets, or the one named {@code iqn} when it is not empty. */
    private List<StoredTarget> select(String iqn) throws SQLException {
        StoredRowBounds.check(c);
        String where = iqn.isEmpty() ? "" : " WHERE t.iqn = ?";
        Map<Long, Row> rows = new LinkedHashMap<>();
        boolean vgTable = hasVolumeGroupTable();
        try (PreparedStatement p = c.prepareStatement("SELECT t.id, t.iqn, t.alias, t.boot, t.nbd_index,"
                + " t.export_name, " + (vgTable ? "NULL" : "t.volume_group")
                + ", c.name, c.secret, c.mutual_name, c.mutual_secret"
                + (hasStartupColumns() ? ", t.startup, t.luns" : ", 'manual', NULL")
                + " FROM target t LEFT JOIN chap c ON c.target_id = t.id" + where + " ORDER BY t.iqn")) {
            if (!iqn.isEmpty()) {
                p.setString(1, iqn);
            }
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    rows.put(r.getLong(1), Row.read(r));
                }
            }
        }
        if (rows.isEmpty()) {
            return List.of();
        }
        if (vgTable) {
            try (PreparedStatement p = c.prepareStatement("SELECT v.target_id, v.name FROM target_volume_group v"
                    + " JOIN target t ON t.id = v.target_id" + where + " ORDER BY v.target_id, v.position")) {
                if (!iqn.isEmpty()) {
                    p.setString(1, iqn);
                }
                try (ResultSet r = p.executeQuery()) {
                    while (r.next()) {
                        rows.get(r.getLong(1)).volumeGroups.add(r.getString(2));
                    }
                }
            }
        }
        Map<Long, List<String>> interfaces = new LinkedHashMap<>();
        try (PreparedStatement p = c.prepareStatement("SELECT i.portal_id, i.name FROM portal_interface i"
                + " JOIN portal po ON po.id = i.portal_id JOIN target t ON t.id = po.target_id" + where
                + " ORDER BY i.portal_id, i.position")) {
            if (!iqn.isEmpty()) {
                p.setString(1, iqn);
            }
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    interfaces.computeIfAbsent(r.getLong(1), k -> new ArrayList<>()).add(r.getString(2));
                }
            }
        }
        try (PreparedStatement p = c.prepareStatement("SELECT po.id, po.target_id, po.host, po.port, po.tpgt"
                + " FROM portal po JOIN target t ON t.id = po.target_id" + where
                + " ORDER BY po.target_id, po.position")) {
            if (!iqn.isEmpty()) {
                p.setString(1, iqn);
            }
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    rows.get(r.getLong(2)).portals.add(new StoredPortal(r.getString(3), r.getInt(4), r.getInt(5),
                            interfaces.getOrDefault(r.getLong(1), List.of())));
                }
            }
        }
        List<StoredTarget> out = new ArrayList<>(rows.size());
        for (Row row : rows.values()) {
            out.add(row.toTarget());
        }
        return out;
    }

    /** One target row while its portals are being collected. */
    private static final class Row {
        IscsiName name;
        Optional<String> alias;
        boolean boot;
        OptionalInt nbdIndex;
        Optional<String> exportName;
        final List<String> volumeGroups = new ArrayList<>();
        long id;
        Optional<StoredChap> chap;
        StartupPolicy startup;
        final List<StoredPortal> portals = new ArrayList<>();

        static Row read(ResultSet r) throws SQLException {
            Row row = new Row();
            try {
                row.name = IscsiName.parse(r.getString(2));
            } catch (IllegalArgumentException e) {
                throw new StoredRowBounds.RowRefused("target row " + r.getLong(1) + ": iqn: " + e.getMessage()
                        + "; the store was changed outside lunbridge");
            }
            row.alias = Optional.ofNullable(r.getString(3));
            row.boot = r.getInt(4) == 1;
            int nbd = r.getInt(5);
            row.nbdIndex = r.wasNull() ? OptionalInt.empty() : OptionalInt.of(nbd);
            row.exportName = Optional.ofNullable(r.getString(6));
            row.id = r.getLong(1);
            String vg = r.getString(7);
            if (vg != null) {
                row.volumeGroups.add(vg);
            }
            String secret = r.getString(9);
            row.chap = secret == null ? Optional.empty() : Optional.of(new StoredChap(
                    Optional.ofNullable(r.getString(8)), ChapSecretValue.of(secret),
                    Optional.ofNullable(r.getString(10)),
                    Optional.ofNullable(r.getString(11)).map(ChapSecretValue::of)));
            try {
                String luns = r.getString(13);
                row.startup = new StartupPolicy(Startup.parse(r.getString(12)),
                        luns == null ? LunAllowList.ALL : LunAllowList.parse(luns));
            } catch (StoreException e) {
                throw new StoredRowBounds.RowRefused("target row " + r.getLong(1) + ": " + e.getMessage()
                        + "; the store was changed outside lunbridge");
            }
            return row;
        }

        StoredTarget toTarget() {
            VolumeGroups vgs;
            try {
                vgs = new VolumeGroups(volumeGroups);
            } catch (StoreException e) {
                throw new StoredRowBounds.RowRefused("target row " + id + ": " + e.getMessage()
                        + "; the store was changed outside lunbridge");
            }
            return new StoredTarget(name, alias, boot, vgs, nbdIndex, exportName, portals, chap, startup);
        }
    }

    /** Every named interface, by name. */
    java.util.Map<String, String> ifaces() throws SQLException {
        java.util.Map<String, String> all = new java.util.LinkedHashMap<>();
        try (java.sql.Statement st = c.createStatement();
             java.sql.ResultSet r = st.executeQuery("SELECT name, netdev FROM iface ORDER BY name")) {
            while (r.next()) {
                all.put(r.getString(1), r.getString(2));
            }
        }
        return all;
    }

    /** Adds or replaces a named interface. */
    void putIface(String name, String netdev) throws SQLException {
        try (java.sql.PreparedStatement p = c.prepareStatement("INSERT OR REPLACE INTO iface (name, netdev) VALUES (?, ?)")) {
            p.setString(1, name);
            p.setString(2, netdev);
            p.executeUpdate();
        }
    }

    /** Removes a named interface; false when there was none. */
    boolean deleteIface(String name) throws SQLException {
        try (java.sql.PreparedStatement p = c.prepareStatement("DELETE FROM iface WHERE name = ?")) {
            p.setString(1, name);
            return p.executeUpdate() > 0;
        }
    }

    /** The target's settings (key to value), empty when it has none; null when the target is not stored. */
    java.util.Map<String, String> settings(io.lunbridge.protocol.naming.IscsiName target) throws SQLException {
        Long id = targetId(target);
        if (id == null) {
            return null;
        }
        java.util.Map<String, String> all = new java.util.TreeMap<>();
        try (java.sql.PreparedStatement p = c.prepareStatement("SELECT key, value FROM target_setting WHERE target_id = ?")) {
            p.setLong(1, id);
            try (java.sql.ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    all.put(r.getString(1), r.getString(2));
                }
            }
        }
        return all;
    }

    /** Sets ({@code value} non-null) or removes a setting; false when the target is not stored. */
    boolean putSetting(io.lunbridge.protocol.naming.IscsiName target, String key, String value) throws SQLException {
        Long id = targetId(target);
        if (id == null) {
            return false;
        }
        try (java.sql.PreparedStatement p = c.prepareStatement(value == null
                ? "DELETE FROM target_setting WHERE target_id = ? AND key = ?"
                : "INSERT OR REPLACE INTO target_setting (target_id, key, value) VALUES (?, ?, ?)")) {
            p.setLong(1, id);
            p.setString(2, key);
            if (value != null) {
                p.setString(3, value);
            }
            p.executeUpdate();
        }
        return true;
    }

    private Long targetId(io.lunbridge.protocol.naming.IscsiName target) throws SQLException {
        try (java.sql.PreparedStatement p = c.prepareStatement("SELECT id FROM target WHERE iqn = ?")) {
            p.setString(1, target.value());
            try (java.sql.ResultSet r = p.executeQuery()) {
                return r.next() ? r.getLong(1) : null;
            }
        }
    }
}
