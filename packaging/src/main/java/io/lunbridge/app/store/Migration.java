package io.lunbridge.app.store;

import java.util.List;
import java.util.Objects;

/**
 * One step of the store's schema: the SQL that takes a database from {@code version - 1} to
 * {@code version}. Steps are applied in order, each in the same transaction as the update of
 * {@code PRAGMA user_version}, so a crash leaves the schema at one version or the next.
 *
 * @param version the schema version after this step, starting at 1
 * @param description what the step adds, for the log
 * @param statements the DDL, run in order
 */
record Migration(int version, String description, List<String> statements) {
    Migration {
        Objects.requireNonNull(description, "description");
        statements = List.copyOf(statements);
        if (version < 1) {
            throw new IllegalArgumentException("migration version starts at 1, found " + version);
        }
    }
}
