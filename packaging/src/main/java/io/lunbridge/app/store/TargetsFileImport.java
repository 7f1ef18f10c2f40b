package io.lunbridge.app.store;

import io.lunbridge.protocol.discovery.targetsfile.ChapSecretValue;
import io.lunbridge.protocol.discovery.targetsfile.Location;
import io.lunbridge.protocol.discovery.targetsfile.ParseResult;
import io.lunbridge.protocol.discovery.targetsfile.TargetsFileEntry;
import io.lunbridge.protocol.discovery.targetsfile.TargetsFileError;
import io.lunbridge.protocol.discovery.targetsfile.TargetsFileParser;
import io.lunbridge.protocol.naming.IscsiName;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Imports an AIX targets file into the store, all or nothing: the file is parsed, its lines are
 * grouped into targets (one target may have several portal lines), and every target is written in
 * a single store transaction. Any problem — a syntax error, lines of one target with different CHAP
 * credentials, a target already stored, a stored boot target — is reported with its file:line and
 * nothing is applied. Every problem is reported, not only the first.
 *
 * <p>Boot targets are only ever defined in the store ({@code lunbridge target add --boot}): a
 * targets file has no boot flag, and import refuses to change a stored boot target's connection.
 */
public final class TargetsFileImport {
    private final IscsiName initiatorName;

    /** @param initiatorName the CHAP name a targets file line implies when it names none */
    public TargetsFileImport(IscsiName initiatorName) {
        this.initiatorName = Objects.requireNonNull(initiatorName, "initiatorName");
    }

    /** What an import did. */
    public record Outcome(int added, int replaced, int portals) {
    }

    /**
     * Parses {@code file} and imports it in one transaction.
     *
     * @param replace replace the portals and CHAP of targets already stored (their attach preferences
     *     are kept); without it a stored target is an error
     * @throws StoreException listing every error with its file:line; nothing is applied then
     */
    public Outcome importFile(ConfigStore store, Path file, boolean replace) {
        ParseResult parsed;
        try {
            parsed = new TargetsFileParser(initiatorName).parse(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e); // names the file and what is wrong with it
        }
        return importParsed(store, file.toString(), parsed, replace);
    }

    /** Imports targets file text (name used in messages), in one transaction. */
    public Outcome importText(ConfigStore store, String fileName, String content, boolean replace) {
        return importParsed(store, fileName, new TargetsFileParser(initiatorName).parse(fileName, content), replace);
    }

    private Outcome importParsed(ConfigStore store, String fileName, ParseResult parsed, boolean replace) {
        if (!parsed.isValid()) {
            throw errors(fileName, parsed.errors().stream().map(TargetsFileError::toString).toList());
        }
        List<String> errors = new ArrayList<>();
        List<Planned> plan = plan(parsed.entries(), errors);
        if (!errors.isEmpty()) {
            throw errors(fileName, errors);
        }
        return store.write(rows -> {
            int added = 0;
            int replaced = 0;
            int portals = 0;
            for (Planned p : plan) {
                Optional<StoredTarget> existing = rows.find(p.target.name());
                StoredTarget toWrite = p.target;
                if (existing.isPresent()) {
                    if (existing.get().boot()) {
                        errors.add(p.at + ": iSCSIName: target " + p.target.name() + " is a boot target in the"
                                + " store; boot targets are changed only with 'lunbridge target' commands");
                        continue;
                    }
                    if (!replace) {
                        errors.add(p.at + ": iSCSIName: target " + p.target.name()
                                + " is already in the store; remove it first or import with --replace");
                        continue;
                    }
                    toWrite = existing.get().withConnection(p.target.portals(), p.target.chap());
                    replaced++;
                } else {
                    added++;
                }
                try {
                    if (existing.isPresent()) {
                        rows.replace(toWrite); // keeps the LUNs' 'needs fsck' flags
                    } else {
                        rows.insert(toWrite);
                    }
                    portals += toWrite.portals().size();
                } catch (StoreException e) {
                    errors.add(p.at + ": " + e.getMessage());
                }
            }
            if (!errors.isEmpty()) {
                throw errors(fileName, errors); // rolls the whole transaction back
            }
            return new Outcome(added, replaced, portals);
        });
    }

    /** One target to write and the line that first named it. */
    private record Planned(StoredTarget target, Location at) {
    }

    private List<Planned> plan(List<TargetsFileEntry> entries, List<String> errors) {
        Map<IscsiName, List<TargetsFileEntry>> byTarget = new LinkedHashMap<>();
        for (TargetsFileEntry e : entries) {
            byTarget.computeIfAbsent(e.target(), k -> new ArrayList<>()).add(e);
        }
        List<Planned> plan = new ArrayList<>();
        for (Map.Entry<IscsiName, List<TargetsFileEntry>> group : byTarget.entrySet()) {
            TargetsFileEntry first = group.getValue().get(0);
            List<StoredPortal> portals = new ArrayList<>();
            boolean ok = true;
            for (TargetsFileEntry e : group.getValue()) {
                if (!sameChap(first, e)) {
                    errors.add(e.location() + ": CHAPSecret: the CHAP secret or name differs from line "
                            + first.location().line() + " for the same target " + e.target()
                            + "; the store keeps one set of CHAP credentials per target");
                    ok = false;
                }
                try {
                    portals.add(StoredPortal.of(e.host(), e.port()));
                } catch (StoreException ex) {
                    errors.add(e.location() + ": HostNameOrAddress: " + ex.getMessage());
                    ok = false;
                }
            }
            if (!ok) {
                continue;
            }
            Optional<StoredChap> chap = first.chapSecret().map(s -> StoredChap.oneWay(chapName(first), s));
            try {
                plan.add(new Planned(StoredTarget.of(group.getKey(), portals).withConnection(portals, chap),
                        first.location()));
            } catch (StoreException ex) {
                errors.add(first.location() + ": " + ex.getMessage());
            }
        }
        return plan;
    }

    private Optional<String> chapName(TargetsFileEntry e) {
        return e.chapName().equals(initiatorName.value()) ? Optional.empty() : Optional.of(e.chapName());
    }

    private static boolean sameChap(TargetsFileEntry a, TargetsFileEntry b) {
        return a.chapSecret().map(ChapSecretValue::reveal).equals(b.chapSecret().map(ChapSecretValue::reveal))
                && a.chapName().equals(b.chapName());
    }

    private static StoreException errors(String fileName, List<String> errors) {
        return new StoreException(errors.size() + (errors.size() == 1 ? " error" : " errors") + " in targets file "
                + fileName + "; nothing was imported:\n" + String.join("\n", errors));
    }
}
