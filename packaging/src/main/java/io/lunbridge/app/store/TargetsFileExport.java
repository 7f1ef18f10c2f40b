package io.lunbridge.app.store;

import io.lunbridge.protocol.discovery.targetsfile.ChapSecretValue;
import io.lunbridge.protocol.discovery.targetsfile.Location;
import io.lunbridge.protocol.discovery.targetsfile.TargetsFileEntry;
import io.lunbridge.protocol.discovery.targetsfile.TargetsFileWriter;
import io.lunbridge.protocol.naming.IscsiName;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Renders stored targets as an AIX targets file, one line per portal. CHAP secrets are written only
 * when asked for (the AIX format carries them in clear text); otherwise they are left out and a
 * warning says which targets lost them. What the format cannot express (mutual CHAP, group tags,
 * interfaces, attach preferences) is left out with a warning as well.
 */
public final class TargetsFileExport {
    private final IscsiName initiatorName;

    /** @param initiatorName the CHAP name stored as "the initiator name" is exported as this default */
    public TargetsFileExport(IscsiName initiatorName) {
        this.initiatorName = Objects.requireNonNull(initiatorName, "initiatorName");
    }

    /** The file text and the warnings about what it leaves out. */
    public record Rendered(String text, List<String> warnings, boolean hasSecrets) {
    }

    /**
     * Renders {@code targets}.
     *
     * @param includeSecrets write CHAP secrets (and the CHAP names that need them)
     * @throws IllegalArgumentException if a secret or name cannot be represented in the format
     */
    public Rendered render(List<StoredTarget> targets, boolean includeSecrets) {
        List<TargetsFileEntry> entries = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        boolean extras = false;
        boolean secrets = false;
        int line = 3; // after the writer's two header lines
        for (StoredTarget t : targets) {
            Optional<ChapSecretValue> secret = Optional.empty();
            String chapName = initiatorName.value();
            if (t.chap().isPresent()) {
                StoredChap chap = t.chap().get();
                if (includeSecrets) {
                    secret = Optional.of(chap.secret());
                    chapName = chap.name().orElse(initiatorName.value());
                    secrets = true;
                } else {
                    warnings.add("target " + t.name() + ": CHAP credentials not exported"
                            + " (use --include-secrets to write the secret in clear text)");
                }
                if (chap.isMutual()) {
                    warnings.add("target " + t.name() + ": mutual CHAP cannot be written in a targets file;"
                            + " the target's credentials are not exported");
                }
            }
            extras |= t.boot() || t.alias().isPresent() || !t.volumeGroups().isEmpty() || t.nbdIndex().isPresent()
                    || t.exportName().isPresent()
                    || t.portals().stream().anyMatch(p -> p.groupTag() >= 0 || !p.interfaces().isEmpty());
            for (StoredPortal p : t.portals()) {
                entries.add(new TargetsFileEntry(p.host(), p.port(), t.name(), secret, chapName,
                        new Location("store", line++, 1)));
            }
        }
        if (extras) {
            warnings.add("boot flags, aliases, volume groups, nbd indexes, export names, portal group tags and"
                    + " interfaces are not part of the targets file format and were not exported");
        }
        return new Rendered(new TargetsFileWriter(initiatorName).render(entries), warnings, secrets);
    }
}
