package io.lunbridge.bridge.nbd;

import io.lunbridge.block.BlockDevice;
import java.util.List;
import java.util.Objects;

/**
 * One named NBD export: a block device (usually one LUN) published under a canonical name, with an
 * optional human-readable description and extra names (aliases) that clients may also use. The empty
 * alias {@code ""} makes the export the default export of the server.
 *
 * @param name canonical name, sent in NBD_REP_SERVER and NBD_INFO_NAME
 * @param description free text for NBD_INFO_DESCRIPTION and listings, may be empty
 * @param device the device all I/O of this export goes to
 * @param aliases further names resolving to this export
 */
public record NbdExport(String name, String description, BlockDevice device, List<String> aliases) {

    /** Longest name or description the NBD protocol allows (bytes of UTF-8). */
    public static final int MAX_STRING_BYTES = 4096;

    public NbdExport {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(device, "device");
        aliases = List.copyOf(aliases);
        checkString("export name", name);
        checkString("export description", description);
        for (String alias : aliases) {
            checkString("export alias", alias);
        }
    }

    /** An export without aliases. */
    public NbdExport(String name, String description, BlockDevice device) {
        this(name, description, device, List.of());
    }

    private static void checkString(String field, String value) {
        int bytes = value.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        if (bytes > MAX_STRING_BYTES) {
            throw new IllegalArgumentException(field + " is " + bytes + " bytes of UTF-8, more than "
                    + MAX_STRING_BYTES + ": '" + value.substring(0, 40) + "…'");
        }
        if (value.indexOf('\0') >= 0) {
            throw new IllegalArgumentException(field + " '" + value.replace('\0', '?') + "' contains NUL");
        }
    }
}
