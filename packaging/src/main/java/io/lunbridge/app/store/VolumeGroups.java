package io.lunbridge.app.store;

import io.lunbridge.protocol.input.Excerpt;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The LVM volume groups {@code lunbridge daemon} activates ({@code vgchange -ay}) once a target's
 * LUNs are attached, in this order, and deactivates before it detaches them. Written
 * {@code vgs=datavg,logvg}; {@code vgs=} (or {@code none}) for none.
 *
 * @param names the volume group names, each a valid LVM name, none twice
 */
public record VolumeGroups(List<String> names) {
    /** No volume group. */
    public static final VolumeGroups NONE = new VolumeGroups(List.of());
    /** The key in {@code target set} and the store's messages. */
    public static final String KEY = "vgs";

    public VolumeGroups {
        names = List.copyOf(names);
        Set<String> seen = new LinkedHashSet<>();
        for (String n : names) {
            name(n);
            if (!seen.add(n)) {
                throw new StoreException(KEY + ": volume group '" + n + "' is listed twice");
            }
        }
    }

    public boolean isEmpty() {
        return names.isEmpty();
    }

    /** The names comma-separated, or {@code -} for none (as {@code target show} prints it). */
    public String text() {
        return names.isEmpty() ? "-" : String.join(",", names);
    }

    /** The same list with {@code vg} appended, unless it is there already. */
    public VolumeGroups with(String vg) {
        if (names.contains(vg)) {
            return this;
        }
        List<String> more = new ArrayList<>(names);
        more.add(vg);
        return new VolumeGroups(more);
    }

    /**
     * Parses {@code a,b} (blank or {@code none}: no volume group).
     *
     * @throws StoreException naming the key {@code vgs} and the offending value
     */
    public static VolumeGroups parse(String value) {
        String v = value.strip();
        if (v.isEmpty() || v.equals("none")) {
            return NONE;
        }
        List<String> names = new ArrayList<>();
        for (String part : v.split(",", -1)) {
            names.add(part.strip());
        }
        return new VolumeGroups(names);
    }

    /**
     * Checks one name as LVM does (lvm2 {@code validate_name}): 1..127 characters out of
     * {@code a-z A-Z 0-9 + _ . -}, not starting with {@code -}, not {@code .} or {@code ..}.
     *
     * @throws StoreException naming the key {@code vgs} and the value
     */
    public static String name(String value) {
        if (value == null || value.isEmpty()) {
            throw new StoreException(KEY + ": expected volume group names separated by commas, found an empty name");
        }
        boolean charset = value.chars().allMatch(c -> (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
                || (c >= '0' && c <= '9') || c == '+' || c == '_' || c == '.' || c == '-');
        String why = !charset ? "only letters, digits, '+', '_', '.' and '-' are allowed"
                : value.startsWith("-") ? "it must not start with '-'"
                : value.equals(".") || value.equals("..") ? "'.' and '..' are not names"
                : value.length() > FieldRules.MAX_VOLUME_GROUP ? "at most " + FieldRules.MAX_VOLUME_GROUP
                        + " characters, found " + value.length()
                : null;
        if (why != null) {
            throw new StoreException(KEY + ": '" + Excerpt.of(value)
                    + "' is not an LVM volume group name (" + why + ")");
        }
        return value;
    }
}
