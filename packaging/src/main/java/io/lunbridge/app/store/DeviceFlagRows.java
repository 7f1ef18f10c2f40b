package io.lunbridge.app.store;

import io.lunbridge.protocol.naming.IscsiName;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The {@code device_flag} table (schema version 8), used inside a transaction {@link ConfigStore} opened. */
final class DeviceFlagRows {
    private static final String FLAG = "needs-fsck";

    private final Connection c;

    DeviceFlagRows(Connection c) {
        this.c = c;
    }

    /**
     * Records I/O that failed: a new episode sets the flag (or, when set, counts one more episode,
     * keeping its {@code since}, taking the new reason); a later report of the same episode adds
     * its failed I/Os only.
     */
    void record(IscsiName target, String lun, boolean newEpisode, Instant since, String reason, long failed,
                Optional<String> device) throws SQLException {
        new DeviceFlag(target, lun, since, reason, 1, failed, device); // checks the values
        try (PreparedStatement p = c.prepareStatement("INSERT INTO device_flag (iqn, lun, flag, since, reason,"
                + " episodes, failed_ios, device) VALUES (?, ?, '" + FLAG + "', ?, ?, 1, ?, ?)"
                + " ON CONFLICT (iqn, lun, flag) DO UPDATE SET failed_ios = failed_ios + excluded.failed_ios,"
                + " episodes = episodes + ?, reason = CASE WHEN ? THEN excluded.reason ELSE reason END,"
                + " device = coalesce(excluded.device, device)")) {
            p.setString(1, target.value());
            p.setString(2, lun);
            p.setString(3, since.toString());
            p.setString(4, reason);
            p.setLong(5, failed);
            p.setString(6, device.orElse(null));
            p.setInt(7, newEpisode ? 1 : 0);
            p.setBoolean(8, newEpisode);
            p.executeUpdate();
        }
    }

    /** Every flag, by target and LUN. */
    List<DeviceFlag> all() throws SQLException {
        StoredRowBounds.check(c);
        List<DeviceFlag> out = new ArrayList<>();
        try (PreparedStatement p = c.prepareStatement("SELECT rowid, iqn, lun, since, reason, episodes, failed_ios,"
                + " device FROM device_flag WHERE flag = '" + FLAG + "' ORDER BY iqn, length(lun), lun");
             ResultSet r = p.executeQuery()) {
            while (r.next()) {
                out.add(read(r));
            }
        }
        return out;
    }

    private static DeviceFlag read(ResultSet r) throws SQLException {
        long row = r.getLong(1);
        try {
            return new DeviceFlag(IscsiName.parse(r.getString(2)), r.getString(3), Instant.parse(r.getString(4)),
                    r.getString(5), r.getLong(6), r.getLong(7), Optional.ofNullable(r.getString(8)));
        } catch (DateTimeParseException e) {
            throw new StoreException("device_flag row " + row + ": since is not an ISO-8601 instant; the store was"
                    + " changed outside lunbridge");
        } catch (IllegalArgumentException | StoreException e) {
            throw new StoreException("device_flag row " + row + ": " + e.getMessage() + "; the store was changed"
                    + " outside lunbridge");
        }
    }

    /** Removes the flag of {@code target} LUN {@code lun}; true if there was one. */
    boolean clear(IscsiName target, String lun) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("DELETE FROM device_flag WHERE iqn = ? AND lun = ? AND flag = '"
                + FLAG + "'")) {
            p.setString(1, target.value());
            p.setString(2, lun);
            return p.executeUpdate() > 0;
        }
    }
}
