package io.lunbridge.app.store;

import io.lunbridge.protocol.naming.IscsiName;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * The persistent configuration store (the role AIX's ODM plays for iSCSI): targets, portals,
 * interfaces, CHAP credentials and attach preferences in one SQLite file.
 *
 * <p>Crash safety and concurrency come from SQLite, configured for them: write-ahead log with
 * {@code synchronous=FULL} (a committed transaction survives a power cut; a writer killed at any
 * point leaves the previous or the new state), every write in {@code BEGIN IMMEDIATE} (writers —
 * CLI and daemon — queue on the database lock for up to {@link #BUSY_TIMEOUT_MS} instead of failing),
 * and every read in one transaction (a consistent snapshot). Each public method is one transaction,
 * so a batch (remove of several targets, an import) is applied whole or not at all.
 *
 * <p>One instance holds one connection and is not thread-safe; open one per thread or process.
 */
public final class ConfigStore implements AutoCloseable {
    /** How long a writer waits for another writer before giving up. */
    public static final int BUSY_TIMEOUT_MS = 30_000;

    private final Path file;
    private final Connection connection;

    private ConfigStore(Path file, Connection connection) {
        this.file = file;
        this.connection = connection;
    }

    /**
     * Opens the store, creating it (directory 0700, file 0600) and migrating its schema to the latest
     * version as needed.
     *
     * @throws StoreException if it cannot be created or opened, is accessible by others, or was
     *     written by a newer lunbridge
     */
    public static ConfigStore open(Path file) {
        return open(file, Schema.LATEST);
    }

    /** Opens the store with its schema brought to {@code schemaVersion} (tests build old stores with it). */
    static ConfigStore open(Path file, int schemaVersion) {
        StoreFile.prepare(file);
        SQLiteConfig config = new SQLiteConfig();
        config.setBusyTimeout(BUSY_TIMEOUT_MS);
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        config.enforceForeignKeys(true);
        Connection c;
        try {
            c = config.createConnection("jdbc:sqlite:" + file.toAbsolutePath());
        } catch (SQLException e) {
            throw failure(file, "cannot open", e);
        }
        ConfigStore store = new ConfigStore(file, c);
        try {
            store.write(rows -> {
                Schema.migrate(c, schemaVersion, file.toString());
                return null;
            });
            return store;
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
    }

    /** The database file. */
    public Path file() {
        return file;
    }

    /** The schema version of the open store. */
    public int schemaVersion() {
        return read(rows -> Schema.version(connection));
    }

    /** Every target, ordered by name. */
    public List<StoredTarget> list() {
        return read(TargetRows::all);
    }

    /** The target with this name, if stored. */
    public Optional<StoredTarget> find(IscsiName name) {
        return read(rows -> rows.find(name));
    }

    /** The targets marked boot: the only ones an early-boot attach may use. */
    public List<StoredTarget> bootTargets() {
        return list().stream().filter(StoredTarget::boot).collect(Collectors.toList());
    }

    /**
     * Adds one target.
     *
     * @throws StoreException if its name, nbd index or export name is already taken
     */
    public void add(StoredTarget target) {
        addAll(List.of(target));
    }

    /**
     * Adds several targets in one transaction: all of them or, on any conflict, none.
     *
     * @throws StoreException listing every conflict
     */
    public void addAll(List<StoredTarget> targets) {
        write(rows -> {
            List<String> errors = new ArrayList<>();
            for (StoredTarget t : targets) {
                try {
                    rows.insert(t);
                } catch (StoreException e) {
                    errors.add(e.getMessage());
                }
            }
            if (!errors.isEmpty()) {
                throw new StoreException(String.join("\n", errors));
            }
            return null;
        });
    }

    /**
     * Merges what discovery found, in one transaction, without overwriting anything the user set
     * (see {@link DiscoveryMerge} for the rules).
     *
     * @return what happened to each target, in the order given
     */
    public List<MergeResult> mergeDiscovered(List<DiscoveredTarget> targets) {
        return write(rows -> {
            DiscoveryMerge merge = new DiscoveryMerge(connection);
            List<MergeResult> results = new ArrayList<>();
            for (DiscoveredTarget t : targets) {
                results.add(merge.merge(t));
            }
            return results;
        });
    }

    /**
     * Removes targets (with their portals and CHAP) in one transaction: all of them or, if any is not
     * in the store, none.
     *
     * @throws StoreException naming every target that is not in the store
     */
    public void remove(List<IscsiName> names) {
        Set<IscsiName> unique = new LinkedHashSet<>(names);
        write(rows -> {
            List<String> missing = new ArrayList<>();
            for (IscsiName n : unique) {
                if (!rows.delete(n)) {
                    missing.add(n.value());
                }
            }
            if (!missing.isEmpty()) {
                throw new StoreException("not in the store " + file + ": " + String.join(", ", missing)
                        + "; nothing was removed");
            }
            return null;
        });
    }

    /**
     * Sets whether the daemon logs in to a target at start and which of its LUNs it attaches.
     *
     * @throws StoreException when the target is not stored
     */
    public void setStartup(IscsiName target, StartupPolicy policy) {
        write(rows -> {
            if (!rows.updateStartup(target, policy)) {
                throw new StoreException("target " + target.value() + " is not in the store " + file);
            }
            return null;
        });
    }

    /**
     * Sets the volume groups the daemon activates after attaching a target (replacing its list).
     *
     * @throws StoreException when the target is not stored, or a volume group is configured for
     *     another target
     */
    public void setVolumeGroups(IscsiName target, VolumeGroups vgs) {
        write(rows -> {
            if (!rows.updateVolumeGroups(target, vgs)) {
                throw new StoreException("target " + target.value() + " is not in the store " + file);
            }
            return null;
        });
    }

    /** The targets the daemon logs in to at start, ordered by name. */
    public List<StoredTarget> automaticTargets() {
        return list().stream().filter(t -> t.startup().startup() == Startup.AUTOMATIC).collect(Collectors.toList());
    }

    /** Keys a target may override in the store (its multipath behaviour). */
    public static final java.util.Set<String> TARGET_SETTINGS = java.util.Set.of("mpio.policy", "mpio.failback",
            "mpio.replacement-timeout", "mpio.polling-interval", "mpio.interfaces");

    /**
     * The target's own settings (keys of {@link #TARGET_SETTINGS}), overriding lunbridge.conf.
     *
     * @throws StoreException when the target is not stored
     */
    public java.util.Map<String, String> settings(IscsiName target) {
        java.util.Map<String, String> s = read(rows -> rows.settings(target));
        if (s == null) {
            throw new StoreException("target " + target.value() + " is not in the store " + file);
        }
        return s;
    }

    /**
     * Sets a target's setting, or removes it when {@code value} is null; the caller has checked
     * the value like lunbridge.conf's.
     *
     * @throws StoreException for a key a target cannot override, or a target that is not stored
     */
    public void putSetting(IscsiName target, String key, String value) {
        if (!TARGET_SETTINGS.contains(key)) {
            throw new StoreException("'" + io.lunbridge.protocol.input.Excerpt.of(key) + "' is not a per-target setting"
                    + " (one of " + String.join(", ", new java.util.TreeSet<>(TARGET_SETTINGS)) + ")");
        }
        write(rows -> {
            if (!rows.putSetting(target, key, value)) {
                throw new StoreException("target " + target.value() + " is not in the store " + file);
            }
            return null;
        });
    }

    /** The named interfaces (open-iscsi's ifaces): name to Linux network interface. */
    public java.util.Map<String, String> ifaces() {
        return read(TargetRows::ifaces);
    }

    /**
     * Names a local network interface for paths ({@code lunbridge iface add}); replaces a name
     * that exists.
     *
     * @throws StoreException when the name or the interface is not a valid interface name, or
     *     the interface is the loopback interface
     */
    public void putIface(String name, String netdev) {
        FieldRules.interfaceName(name);
        FieldRules.interfaceName(netdev);
        write(rows -> {
            rows.putIface(name, netdev);
            return null;
        });
    }

    /**
     * Removes a named interface.
     *
     * @throws StoreException when there is none of that name
     */
    public void removeIface(String name) {
        write(rows -> {
            if (!rows.deleteIface(name)) {
                throw new StoreException("no interface named " + name + " in the store " + file);
            }
            return null;
        });
    }

    /**
     * Records I/O of {@code target} LUN {@code lun} that failed with EIO for lack of a path, flagging
     * the LUN "needs fsck" (see {@link DeviceFlag}): {@code newEpisode} for an episode's first report.
     *
     * @throws StoreException for a value out of its bounds, or when the store cannot be written
     */
    public void recordIoFailure(IscsiName target, String lun, boolean newEpisode, java.time.Instant since, String reason,
                                long failed, Optional<String> device) {
        write(rows -> {
            new DeviceFlagRows(connection).record(target, lun, newEpisode, since, reason, failed, device);
            return null;
        });
    }

    /** The LUNs flagged "needs fsck", by target and LUN. */
    public List<DeviceFlag> deviceFlags() {
        return read(rows -> new DeviceFlagRows(connection).all());
    }

    /** Clears the "needs fsck" flag of {@code target} LUN {@code lun} (after a clean check); true if it was set. */
    public boolean clearDeviceFlag(IscsiName target, String lun) {
        return write(rows -> new DeviceFlagRows(connection).clear(target, lun));
    }

    /** Checks the database file's integrity and its foreign keys; returns the problems, empty when sound. */
    public List<String> check() {
        return read(rows -> {
            List<String> problems = new ArrayList<>();
            try (Statement s = connection.createStatement()) {
                try (ResultSet r = s.executeQuery("PRAGMA integrity_check")) {
                    while (r.next()) {
                        if (!"ok".equals(r.getString(1))) {
                            problems.add("integrity: " + r.getString(1));
                        }
                    }
                }
                try (ResultSet r = s.executeQuery("PRAGMA foreign_key_check")) {
                    while (r.next()) {
                        problems.add("foreign key: row " + r.getLong(2) + " of " + r.getString(1)
                                + " points to a missing " + r.getString(3));
                    }
                }
                try (ResultSet r = s.executeQuery("SELECT iqn FROM target t WHERE NOT EXISTS"
                        + " (SELECT 1 FROM portal p WHERE p.target_id = t.id)")) {
                    while (r.next()) {
                        problems.add("target " + r.getString(1) + " has no portal");
                    }
                }
            }
            return problems;
        });
    }

    /** Work done inside one transaction. */
    @FunctionalInterface
    interface Work<T> {
        T run(TargetRows rows) throws SQLException;
    }

    /** Runs {@code work} in a write transaction (BEGIN IMMEDIATE): committed whole, or rolled back. */
    <T> T write(Work<T> work) {
        return inTransaction("BEGIN IMMEDIATE", work);
    }

    private <T> T read(Work<T> work) {
        return inTransaction("BEGIN DEFERRED", work);
    }

    private <T> T inTransaction(String begin, Work<T> work) {
        try (Statement s = connection.createStatement()) {
            s.execute(begin);
            boolean committed = false;
            try {
                T result = work.run(new TargetRows(connection));
                s.execute("COMMIT");
                committed = true;
                return result;
            } finally {
                if (!committed) {
                    rollback(s);
                }
            }
        } catch (SQLException e) {
            throw failure(file, "cannot complete the transaction", e);
        } catch (StoredRowBounds.RowRefused e) {
            throw new StoreException("store " + file + ": " + e.getMessage(), e);
        }
    }

    private static void rollback(Statement s) {
        try {
            s.execute("ROLLBACK");
        } catch (SQLException ignored) {
            // the transaction is already gone (SQLite rolls back on some errors by itself)
        }
    }

    private static StoreException failure(Path file, String what, SQLException e) {
        if (e instanceof SQLiteException) {
            SQLiteErrorCode code = ((SQLiteException) e).getResultCode();
            if (code == SQLiteErrorCode.SQLITE_BUSY || code.name().startsWith("SQLITE_BUSY")) {
                return new StoreException("store " + file + " is locked by another writer for more than "
                        + BUSY_TIMEOUT_MS / 1000 + " s: " + what, e);
            }
            if (code == SQLiteErrorCode.SQLITE_NOTADB) {
                return new StoreException("store " + file + " is not an SQLite database", e);
            }
        }
        return new StoreException("store " + file + ": " + what + ": " + e.getMessage(), e);
    }

    /** Closes the connection (SQLite checkpoints the log when the last one closes). */
    @Override
    public void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            throw failure(file, "cannot close", e);
        }
    }
}
