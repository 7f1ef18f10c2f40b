package io.lunbridge.app.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Merges discovered targets into the store inside a transaction that {@link ConfigStore} opened.
 * The rule: discovery adds what is missing and updates only what discovery set before; a field
 * the user set (its {@code discovered_by} column NULL) is never overwritten. Nothing is removed: a
 * portal that a later discovery no longer reports stays until the user removes it.
 * <ul>
 *   <li>a new target is inserted with its portals and alias, all marked as discovered;</li>
 *   <li>alias: filled when empty, updated when discovery set it, kept when the user set it;</li>
 *   <li>portals: new host:port pairs are appended; a discovered portal's group tag follows
 *       discovery; a user's portal (tag, interfaces) is left as it is;</li>
 *   <li>boot flag, nbd index, export name, volume group, interfaces and CHAP are the user's only.</li>
 * </ul>
 */
final class DiscoveryMerge {
    private final Connection c;

    DiscoveryMerge(Connection c) {
        this.c = c;
    }

    MergeResult merge(DiscoveredTarget d) throws SQLException {
        Optional<Long> id = targetId(d);
        if (id.isEmpty()) {
            insert(d);
            return new MergeResult(d.name(), true, List.of(), List.of());
        }
        List<String> changes = new ArrayList<>();
        List<String> kept = new ArrayList<>();
        mergeAlias(id.get(), d, changes, kept);
        mergePortals(id.get(), d, changes, kept);
        return new MergeResult(d.name(), false, changes, kept);
    }

    private Optional<Long> targetId(DiscoveredTarget d) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT id FROM target WHERE iqn = ?")) {
            p.setString(1, d.name().value());
            try (ResultSet r = p.executeQuery()) {
                return r.next() ? Optional.of(r.getLong(1)) : Optional.empty();
            }
        }
    }

    private void insert(DiscoveredTarget d) throws SQLException {
        long id;
        try (PreparedStatement p = c.prepareStatement("INSERT INTO target (iqn, alias, discovered_by,"
                + " alias_discovered_by) VALUES (?, ?, ?, ?)", Statement.RETURN_GENERATED_KEYS)) {
            p.setString(1, d.name().value());
            p.setString(2, d.alias().map(FieldRules::alias).orElse(null));
            p.setString(3, d.source());
            p.setString(4, d.alias().isPresent() ? d.source() : null);
            p.executeUpdate();
            try (ResultSet keys = p.getGeneratedKeys()) {
                keys.next();
                id = keys.getLong(1);
            }
        }
        int position = 0;
        for (StoredPortal portal : d.portals()) {
            insertPortal(id, position++, portal, d.source());
        }
    }

    private void mergeAlias(long id, DiscoveredTarget d, List<String> changes, List<String> kept) throws SQLException {
        if (d.alias().isEmpty()) {
            return;
        }
        String alias = FieldRules.alias(d.alias().get());
        String current = single("SELECT alias FROM target WHERE id = ?", id);
        String setBy = single("SELECT alias_discovered_by FROM target WHERE id = ?", id);
        if (alias.equals(current)) {
            return;
        }
        if (current != null && setBy == null) {
            kept.add("alias '" + current + "' (yours; discovery says '" + alias + "')");
            return;
        }
        try (PreparedStatement p = c.prepareStatement("UPDATE target SET alias = ?, alias_discovered_by = ? WHERE id = ?")) {
            p.setString(1, alias);
            p.setString(2, d.source());
            p.setLong(3, id);
            p.executeUpdate();
        }
        changes.add(current == null ? "alias '" + alias + "' set" : "alias '" + current + "' -> '" + alias + "'");
    }

    private void mergePortals(long id, DiscoveredTarget d, List<String> changes, List<String> kept) throws SQLException {
        int next = Integer.parseInt(single("SELECT COALESCE(MAX(position) + 1, 0) FROM portal WHERE target_id = ?", id));
        for (StoredPortal portal : d.portals()) {
            try (PreparedStatement p = c.prepareStatement("SELECT id, tpgt, discovered_by FROM portal"
                    + " WHERE target_id = ? AND host = ? AND port = ?")) {
                p.setLong(1, id);
                p.setString(2, portal.host());
                p.setInt(3, portal.port());
                try (ResultSet r = p.executeQuery()) {
                    if (!r.next()) {
                        insertPortal(id, next++, portal, d.source());
                        changes.add("portal " + portal + " added");
                        continue;
                    }
                    long portalId = r.getLong(1);
                    int tag = r.getInt(2);
                    boolean users = r.getString(3) == null;
                    if (portal.groupTag() < 0 || portal.groupTag() == tag) {
                        continue;
                    }
                    if (users) {
                        kept.add("portal " + portal.address() + (tag < 0 ? "" : "," + tag) + " (yours; discovery says tag "
                                + portal.groupTag() + ")");
                        continue;
                    }
                    try (PreparedStatement u = c.prepareStatement("UPDATE portal SET tpgt = ?, discovered_by = ? WHERE id = ?")) {
                        u.setInt(1, portal.groupTag());
                        u.setString(2, d.source());
                        u.setLong(3, portalId);
                        u.executeUpdate();
                    }
                    changes.add("portal " + portal.address() + " tag " + tag + " -> " + portal.groupTag());
                }
            }
        }
    }

    /** The one value {@code sql} selects for row {@code id} (as text; null for SQL NULL). */
    private String single(String sql, long id) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(sql)) {
            p.setLong(1, id);
            try (ResultSet r = p.executeQuery()) {
                r.next();
                return r.getString(1);
            }
        }
    }

    private void insertPortal(long targetId, int position, StoredPortal portal, String source) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("INSERT INTO portal (target_id, position, host, port, tpgt,"
                + " discovered_by) VALUES (?, ?, ?, ?, ?, ?)")) {
            p.setLong(1, targetId);
            p.setInt(2, position);
            p.setString(3, portal.host());
            p.setInt(4, portal.port());
            p.setInt(5, portal.groupTag());
            p.setString(6, source);
            p.executeUpdate();
        }
    }
}
