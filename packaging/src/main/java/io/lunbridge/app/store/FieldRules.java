package io.lunbridge.app.store;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Syntax of the free-text fields of a stored target, checked before anything is written so that a
 * bad value is refused with the field's name and the value instead of surfacing later in an attach.
 */
final class FieldRules {
    /** Linux IFNAMSIZ minus the terminating NUL. */
    static final int MAX_INTERFACE = 15;
    /** LVM's limit for a volume group name. */
    static final int MAX_VOLUME_GROUP = 127;
    /** NBD protocol limit for an export name, in bytes of UTF-8. */
    static final int MAX_EXPORT_NAME = 4096;
    static final int MAX_ALIAS = 255;
    /** Largest /dev/nbdN index the kernel accepts (nbds_max is an int; keep it well inside). */
    static final int MAX_NBD_INDEX = 65535;

    private FieldRules() {
    }

    static String alias(String value) {
        requireText("alias", value, MAX_ALIAS);
        return value;
    }

    static String exportName(String value) {
        requireText("export name", value, MAX_EXPORT_NAME);
        if (value.getBytes(StandardCharsets.UTF_8).length > MAX_EXPORT_NAME) {
            throw new StoreException("export name: expected at most " + MAX_EXPORT_NAME
                    + " bytes of UTF-8 (NBD limit), found a longer name");
        }
        return value;
    }

    static int nbdIndex(int value) {
        if (value < 0 || value > MAX_NBD_INDEX) {
            throw new StoreException("nbd index: expected 0.." + MAX_NBD_INDEX + ", found " + value);
        }
        return value;
    }

    static String chapName(String field, String value) {
        requireText(field, value, 255);
        if (value.chars().anyMatch(c -> c == ' ' || c == '\t')) {
            throw new StoreException(field + ": expected a name without blanks, found '" + value + "'");
        }
        return value;
    }

    static String interfaceName(String value) {
        requireText("interface", value, MAX_INTERFACE);
        if (value.equals(".") || value.equals("..") || value.chars().anyMatch(c -> c == '/' || c == ' ' || c == '\t')) {
            throw new StoreException("interface: expected a network interface name (no '/', no blanks), found '"
                    + value + "'");
        }
        if (value.equals("lo")) {
            throw new StoreException("interface: 'lo' is the loopback interface; iSCSI paths over loopback are refused");
        }
        return value;
    }

    /** Checks a portal host: no brackets, a plausible name or address, and not loopback, unspecified or multicast. */
    static String host(String value) {
        requireText("portal host", value, 253);
        if (value.startsWith("[")) {
            throw new StoreException("portal host: expected an address without brackets, found '" + value + "'");
        }
        boolean literal = value.indexOf(':') >= 0 || value.chars().allMatch(c -> c == '.' || (c >= '0' && c <= '9'));
        if (!literal) {
            boolean ok = value.chars().allMatch(c -> (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
                    || (c >= '0' && c <= '9') || c == '-' || c == '.');
            if (!ok || value.startsWith(".") || value.startsWith("-")) {
                throw new StoreException("portal host: expected a host name or an IP address, found '" + value + "'");
            }
            if (value.toLowerCase(Locale.ROOT).equals("localhost")) {
                throw new StoreException("portal host: 'localhost' is a loopback address; refused");
            }
            return value.toLowerCase(Locale.ROOT);
        }
        InetAddress address;
        try {
            address = InetAddress.getByName(value); // a literal: parsed, never looked up
        } catch (UnknownHostException e) {
            throw new StoreException("portal host: expected an IPv4 or IPv6 address, found '" + value + "'");
        }
        io.lunbridge.protocol.session.PortalRefusal.byKind(address).ifPresent(why -> {
            throw new StoreException("portal host: " + value + " " + why + "; refused");
        });
        return value.toLowerCase(Locale.ROOT);
    }

    private static void requireText(String field, String value, int max) {
        if (value == null || value.isEmpty()) {
            throw new StoreException(field + ": expected a non-empty value");
        }
        if (value.length() > max) {
            throw new StoreException(field + ": expected at most " + max + " characters, found " + value.length());
        }
        if (value.chars().anyMatch(Character::isISOControl)) {
            throw new StoreException(field + ": control characters are not allowed, found one in '"
                    + value.replaceAll("\\p{Cntrl}", "?") + "'");
        }
    }
}
