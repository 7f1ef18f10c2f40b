package io.lunbridge.protocol.scsi;

import java.util.Locale;

/**
 * An 8-byte SAM-5 logical unit number, kept as the raw big-endian value ({@code raw}'s most
 * significant byte is byte 0 of the LUN field). The first-level address method (byte 0, bits 7-6)
 * decides the meaning: peripheral device (00b), flat space (01b), logical unit (10b) or extended
 * (11b, e.g. well-known LUNs). tgtd reports LUNs 256 and above in flat space addressing, so the 8
 * bytes must never be read as a plain integer.
 *
 * @param raw the 8 LUN bytes, big-endian
 */
public record Lun(long raw) {
    /** Highest number {@link #ofNumber} can encode (14-bit flat space). */
    public static final int MAX_NUMBER = 0x3fff;

    /** SAM-5 first-level address methods. */
    public enum AddressMethod {
        /** 00b: bus identifier + target/LUN byte. */
        PERIPHERAL,
        /** 01b: 14-bit flat LUN. */
        FLAT,
        /** 10b: target, bus and 5-bit LUN. */
        LOGICAL_UNIT,
        /** 11b: extended addressing (well-known LUNs, long LUNs). */
        EXTENDED;

        /** By the two address-method bits (one shared array instead of a {@code values()} clone per call). */
        private static final AddressMethod[] BY_BITS = values();
    }

    /**
     * The LUN an initiator uses for number {@code n}: peripheral device addressing below 256, flat
     * space addressing (01b) up to {@value #MAX_NUMBER}.
     */
    public static Lun ofNumber(int n) {
        if (n < 0 || n > MAX_NUMBER) {
            throw new IllegalArgumentException("LUN number " + n + " out of range 0.." + MAX_NUMBER
                    + " (peripheral addressing below 256, SAM-5 flat space up to 16383)");
        }
        if (n < 256) {
            return new Lun((long) n << 48);
        }
        return new Lun((long) (0x4000 | n) << 48);
    }

    /** The LUN whose 8 bytes (as in REPORT LUNS data or an iSCSI BHS) are {@code eight}. */
    public static Lun fromBytes(byte[] eight) {
        if (eight == null || eight.length != 8) {
            throw new IllegalArgumentException("LUN field must be exactly 8 bytes, got "
                    + (eight == null ? "null" : eight.length));
        }
        return new Lun(ScsiBytes.u64(eight, 0));
    }

    /** The 8 LUN bytes, big-endian. */
    public byte[] toBytes() {
        byte[] b = new byte[8];
        ScsiBytes.put64(b, 0, raw);
        return b;
    }

    /** The first-level address method. */
    public AddressMethod addressMethod() {
        return AddressMethod.BY_BITS[(int) (raw >>> 62)];
    }

    /**
     * Whether {@link #number()} can decode this LUN: a single level (bytes 2-7 zero) in peripheral
     * addressing on bus 0, flat space, or logical unit addressing with target 0 and bus 0.
     */
    public boolean hasNumber() {
        if ((raw & 0xffff_ffff_ffffL) != 0) {
            return false;
        }
        int b0 = byte0();
        switch (addressMethod()) {
            case PERIPHERAL:
                return (b0 & 0x3f) == 0;
            case FLAT:
                return true;
            case LOGICAL_UNIT:
                return (b0 & 0x3f) == 0 && (byte1() & 0xe0) == 0;
            default:
                return false;
        }
    }

    /**
     * The logical unit number (0..16383).
     *
     * @throws IllegalStateException if the LUN has no single number (see {@link #hasNumber()});
     *     the message shows the raw bytes
     */
    public int number() {
        if (!hasNumber()) {
            throw new IllegalStateException("LUN " + rawHex() + " (" + addressMethod()
                    + " addressing) has no single LUN number");
        }
        switch (addressMethod()) {
            case PERIPHERAL:
                return byte1();
            case FLAT:
                return (byte0() & 0x3f) << 8 | byte1();
            default:
                return byte1() & 0x1f;
        }
    }

    /** The raw 8 bytes as 16 hex digits. */
    public String rawHex() {
        return String.format("%016x", raw);
    }

    /** "LUN 3", or the raw bytes with the address method for LUNs without a single number. */
    @Override
    public String toString() {
        if (hasNumber()) {
            return "LUN " + number();
        }
        if (addressMethod() == AddressMethod.EXTENDED && byte0() == 0xc1 && (raw & 0xffff_ffff_ffffL) == 0) {
            return "W-LUN " + ScsiBytes.hex2(byte1()) + wellKnownName(byte1());
        }
        return "LUN " + rawHex() + " (" + addressMethod().name().toLowerCase(Locale.ROOT).replace('_', ' ')
                + " addressing)";
    }

    private static String wellKnownName(int w) {
        switch (w) {
            case 1:
                return " (REPORT LUNS)";
            case 2:
                return " (ACCESS CONTROLS)";
            case 3:
                return " (TARGET LOG PAGES)";
            case 4:
                return " (SECURITY PROTOCOL)";
            default:
                return "";
        }
    }

    private int byte0() {
        return (int) (raw >>> 56) & 0xff;
    }

    private int byte1() {
        return (int) (raw >>> 48) & 0xff;
    }
}
