package io.lunbridge.protocol.discovery.targetsfile;

import io.lunbridge.protocol.naming.IscsiName;
import java.util.List;
import java.util.Objects;

/**
 * Renders entries in the AIX targets file format, for {@code export}: one line per entry,
 * {@code host port name ["secret" [chapname]]}, preceded by a comment naming the format. The
 * output parses back to the same entries with {@link TargetsFileParser}.
 *
 * <p>The format has no escapes, so a secret containing {@code "} or a line break, or a CHAP name
 * containing blanks, {@code "}, a leading {@code #} or a trailing {@code \}, cannot be written; such
 * entries are refused with an error naming the target and portal, never the secret.
 */
public final class TargetsFileWriter {
    private final IscsiName initiatorName;

    /** @param initiatorName CHAP names equal to it are left out, since they are the default */
    public TargetsFileWriter(IscsiName initiatorName) {
        this.initiatorName = Objects.requireNonNull(initiatorName, "initiatorName");
    }

    /**
     * Renders all entries.
     *
     * @throws IllegalArgumentException if an entry cannot be represented in the format
     */
    public String render(List<TargetsFileEntry> entries) {
        StringBuilder out = new StringBuilder();
        out.append("# iSCSI targets (AIX targets file format)\n");
        out.append("# HostNameOrAddress PortNumber iSCSIName [\"CHAPSecret\" [CHAPName]]\n");
        for (TargetsFileEntry entry : entries) {
            out.append(renderLine(entry)).append('\n');
        }
        return out.toString();
    }

    /** Renders one entry without the line terminator. */
    public String renderLine(TargetsFileEntry entry) {
        String where = "target '" + entry.target().value() + "' at "
                + TargetsFileParser.portal(entry.host(), entry.port());
        StringBuilder line = new StringBuilder();
        line.append(entry.host()).append(' ').append(entry.port()).append(' ').append(entry.target().value());
        boolean defaultName = entry.chapName().equals(initiatorName.value());
        if (entry.chapSecret().isPresent()) {
            String secret = entry.chapSecret().get().reveal();
            if (secret.indexOf('"') >= 0 || secret.indexOf('\n') >= 0 || secret.indexOf('\r') >= 0) {
                throw new IllegalArgumentException("CHAPSecret of " + where + " contains a '\"' or a line"
                        + " break, which the targets file format cannot represent");
            }
            line.append(" \"").append(secret).append('"');
            if (!defaultName) {
                checkChapName(entry.chapName(), where);
                line.append(' ').append(entry.chapName());
            }
        } else if (!defaultName) {
            throw new IllegalArgumentException("CHAPName '" + entry.chapName() + "' of " + where
                    + " needs a CHAPSecret: the targets file format allows CHAPName only after it");
        }
        return line.toString();
    }

    private static void checkChapName(String name, String where) {
        boolean bad = name.isEmpty() || name.startsWith("#") || name.endsWith("\\") || name.indexOf('"') >= 0
                || name.chars().anyMatch(c -> c == ' ' || c == '\t' || c == '\n' || c == '\r');
        if (bad) {
            throw new IllegalArgumentException("CHAPName '" + name + "' of " + where
                    + " is empty or contains a blank, '\"', a leading '#' or a trailing '\\', which the"
                    + " targets file format cannot represent");
        }
    }
}
