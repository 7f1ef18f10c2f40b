package io.lunbridge.app.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The store's schema as an ordered list of {@link Migration}s, its version kept in
 * {@code PRAGMA user_version}. Opening a store brings it to {@link #LATEST}; a store written by a
 * newer lunbridge is refused rather than guessed at.
 */
final class Schema {
    private static final Logger LOG = LogManager.getLogger(Schema.class);

    static final List<Migration> MIGRATIONS = List.of(
            new Migration(1, "targets, portals, interfaces, CHAP", List.of(
                    "CREATE TABLE target ("
                            + " id INTEGER PRIMARY KEY,"
                            + " iqn TEXT NOT NULL UNIQUE,"
                            + " alias TEXT,"
                            + " boot INTEGER NOT NULL DEFAULT 0 CHECK (boot IN (0, 1)),"
                            + " nbd_index INTEGER CHECK (nbd_index >= 0),"
                            + " export_name TEXT)",
                    "CREATE UNIQUE INDEX target_nbd_index ON target(nbd_index) WHERE nbd_index IS NOT NULL",
                    "CREATE UNIQUE INDEX target_export_name ON target(export_name) WHERE export_name IS NOT NULL",
                    "CREATE TABLE portal ("
                            + " id INTEGER PRIMARY KEY,"
                            + " target_id INTEGER NOT NULL REFERENCES target(id) ON DELETE CASCADE,"
                            + " position INTEGER NOT NULL,"
                            + " host TEXT NOT NULL,"
                            + " port INTEGER NOT NULL CHECK (port BETWEEN 1 AND 65535),"
                            + " tpgt INTEGER NOT NULL DEFAULT -1 CHECK (tpgt BETWEEN -1 AND 65535),"
                            + " UNIQUE (target_id, host, port))",
                    "CREATE TABLE portal_interface ("
                            + " portal_id INTEGER NOT NULL REFERENCES portal(id) ON DELETE CASCADE,"
                            + " position INTEGER NOT NULL,"
                            + " name TEXT NOT NULL,"
                            + " PRIMARY KEY (portal_id, name))",
                    "CREATE TABLE chap ("
                            + " target_id INTEGER PRIMARY KEY REFERENCES target(id) ON DELETE CASCADE,"
                            + " name TEXT,"
                            + " secret TEXT NOT NULL,"
                            + " mutual_name TEXT,"
                            + " mutual_secret TEXT,"
                            + " CHECK (mutual_name IS NULL OR mutual_secret IS NOT NULL))")),
            new Migration(2, "volume group to activate after attach", List.of(
                    "ALTER TABLE target ADD COLUMN volume_group TEXT")),
            // NULL in these columns means the user set the row or field (every row older than this
            // version counts as the user's); otherwise they name the discovery source that set it,
            // and 'discover --add' may update only those.
            new Migration(3, "which targets, aliases and portals discovery added", List.of(
                    "ALTER TABLE target ADD COLUMN discovered_by TEXT",
                    "ALTER TABLE target ADD COLUMN alias_discovered_by TEXT",
                    "ALTER TABLE portal ADD COLUMN discovered_by TEXT")),
            new Migration(4, "named network interfaces for paths (open-iscsi ifaces)", List.of(
                    "CREATE TABLE iface ("
                            + " name TEXT PRIMARY KEY,"
                            + " netdev TEXT NOT NULL)")),
            new Migration(5, "per-target multipath settings (mpio.* keys overriding lunbridge.conf)", List.of(
                    "CREATE TABLE target_setting ("
                            + " target_id INTEGER NOT NULL REFERENCES target(id) ON DELETE CASCADE,"
                            + " key TEXT NOT NULL,"
                            + " value TEXT NOT NULL,"
                            + " PRIMARY KEY (target_id, key))")),
            // luns NULL: every LUN; otherwise the allowed numbers, ascending, comma-separated
            new Migration(6, "daemon startup (manual/automatic) and LUN allow-list per target", List.of(
                    "ALTER TABLE target ADD COLUMN startup TEXT NOT NULL DEFAULT 'manual'"
                            + " CHECK (startup IN ('manual', 'automatic'))",
                    "ALTER TABLE target ADD COLUMN luns TEXT")),
            // migration 2's single volume group becomes the first of a list; the column goes, so that
            // one place holds them. No UNIQUE on name: two old rows may share one, and the migration
            // must not fail on it (lunbridge refuses a second target for a VG when it writes)
            new Migration(7, "volume groups to activate after attach: a list per target", List.of(
                    "CREATE TABLE target_volume_group ("
                            + " target_id INTEGER NOT NULL REFERENCES target(id) ON DELETE CASCADE,"
                            + " position INTEGER NOT NULL,"
                            + " name TEXT NOT NULL,"
                            + " PRIMARY KEY (target_id, position))",
                    "INSERT INTO target_volume_group (target_id, position, name)"
                            + " SELECT id, 0, volume_group FROM target WHERE volume_group IS NOT NULL",
                    "ALTER TABLE target DROP COLUMN volume_group")),
            // Keyed by the target's name, not target(id): an attach by --portal flags a target that is not
            // stored; the trigger gives a stored target's removal the effect of ON DELETE CASCADE.
            new Migration(8, "'needs fsck' flags of LUNs whose I/O failed (replacement timeout expired)", List.of(
                    "CREATE TABLE device_flag ("
                            + " iqn TEXT NOT NULL,"
                            + " lun TEXT NOT NULL,"
                            + " flag TEXT NOT NULL DEFAULT 'needs-fsck' CHECK (flag IN ('needs-fsck')),"
                            + " since TEXT NOT NULL,"
                            + " reason TEXT NOT NULL,"
                            + " episodes INTEGER NOT NULL DEFAULT 1 CHECK (episodes >= 1),"
                            + " failed_ios INTEGER NOT NULL DEFAULT 0 CHECK (failed_ios >= 0),"
                            + " device TEXT,"
                            + " PRIMARY KEY (iqn, lun, flag))",
                    "CREATE TRIGGER device_flag_of_removed_target AFTER DELETE ON target"
                            + " BEGIN DELETE FROM device_flag WHERE iqn = OLD.iqn; END")));

    static final int LATEST = MIGRATIONS.get(MIGRATIONS.size() - 1).version();

    private Schema() {
    }

    /** The database's schema version (0 for a new, empty file). */
    static int version(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("PRAGMA user_version")) {
            return r.next() ? r.getInt(1) : 0;
        }
    }

    /**
     * Applies the migrations after the current version up to {@code target}, inside the caller's
     * write transaction.
     *
     * @throws StoreException if the database is newer than {@code target}
     */
    static void migrate(Connection c, int target, String where) throws SQLException {
        int current = version(c);
        if (current > LATEST) {
            throw new StoreException("store " + where + " has schema version " + current
                    + ", newer than this lunbridge understands (" + LATEST + "): upgrade lunbridge");
        }
        for (Migration m : MIGRATIONS) {
            if (m.version() > current && m.version() <= target) {
                try (Statement s = c.createStatement()) {
                    for (String sql : m.statements()) {
                        s.executeUpdate(sql);
                    }
                    s.executeUpdate("PRAGMA user_version = " + m.version());
                }
                LOG.info("store {}: schema migrated to version {} ({})", where, m.version(), m.description());
            }
        }
    }
}
