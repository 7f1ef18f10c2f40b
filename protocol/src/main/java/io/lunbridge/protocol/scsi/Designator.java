package io.lunbridge.protocol.scsi;

import java.util.Arrays;
import java.util.Locale;

/**
 * One designation descriptor of the Device Identification VPD page (SPC-4 7.8.6.1).
 *
 * @param codeSet CODE SET: 1 binary, 2 ASCII, 3 UTF-8
 * @param association ASSOCIATION: 0 logical unit, 1 target port, 2 target device
 * @param type DESIGNATOR TYPE (1 T10 vendor ID, 2 EUI-64, 3 NAA, 4 relative target port,
 *     5 target port group, 6 logical unit group, 8 SCSI name string, ...)
 * @param piv PIV: {@code protocolId} is valid
 * @param protocolId PROTOCOL IDENTIFIER (5 iSCSI), meaningful only when {@code piv}
 * @param value the designator bytes (copied; never shared)
 */
public record Designator(int codeSet, int association, int type, boolean piv, int protocolId, byte[] value) {
    /** CODE SET binary. */
    public static final int CODE_SET_BINARY = 1;
    /** CODE SET ASCII. */
    public static final int CODE_SET_ASCII = 2;
    /** CODE SET UTF-8. */
    public static final int CODE_SET_UTF8 = 3;
    /** ASSOCIATION: the addressed logical unit. */
    public static final int ASSOCIATION_LOGICAL_UNIT = 0;
    /** ASSOCIATION: the target port that received the command. */
    public static final int ASSOCIATION_TARGET_PORT = 1;
    /** ASSOCIATION: the SCSI target device. */
    public static final int ASSOCIATION_TARGET_DEVICE = 2;
    /** DESIGNATOR TYPE vendor specific. */
    public static final int TYPE_VENDOR_SPECIFIC = 0;
    /** DESIGNATOR TYPE T10 vendor ID based. */
    public static final int TYPE_T10_VENDOR_ID = 1;
    /** DESIGNATOR TYPE EUI-64 based. */
    public static final int TYPE_EUI64 = 2;
    /** DESIGNATOR TYPE NAA. */
    public static final int TYPE_NAA = 3;
    /** DESIGNATOR TYPE relative target port identifier. */
    public static final int TYPE_RELATIVE_TARGET_PORT = 4;
    /** DESIGNATOR TYPE target port group. */
    public static final int TYPE_TARGET_PORT_GROUP = 5;
    /** DESIGNATOR TYPE logical unit group. */
    public static final int TYPE_LOGICAL_UNIT_GROUP = 6;
    /** DESIGNATOR TYPE MD5 logical unit identifier. */
    public static final int TYPE_MD5_LOGICAL_UNIT = 7;
    /** DESIGNATOR TYPE SCSI name string. */
    public static final int TYPE_SCSI_NAME_STRING = 8;

    private static final String[] TYPE_NAMES = {"vendor specific", "T10 vendor ID", "EUI-64", "NAA",
        "relative target port", "target port group", "logical unit group", "MD5 logical unit",
        "SCSI name string", "protocol specific port", "UUID"};

    public Designator {
        value = value.clone();
    }

    @Override
    public byte[] value() {
        return value.clone();
    }

    /** Whether the value is text (ASCII or UTF-8 code set). */
    public boolean isText() {
        return codeSet == CODE_SET_ASCII || codeSet == CODE_SET_UTF8;
    }

    /** The value as text (up to the first NUL, trailing spaces removed). */
    public String text() {
        return ScsiBytes.text(value, 0, value.length, codeSet == CODE_SET_UTF8);
    }

    /** The value as lower-case hex. */
    public String hex() {
        return ScsiBytes.hex(value);
    }

    /** Human name of the designator type. */
    public String typeName() {
        return type < TYPE_NAMES.length ? TYPE_NAMES[type] : "reserved type " + type;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Designator && codeSet == ((Designator) o).codeSet
                && association == ((Designator) o).association && type == ((Designator) o).type
                && piv == ((Designator) o).piv && protocolId == ((Designator) o).protocolId
                && Arrays.equals(value, ((Designator) o).value);
    }

    @Override
    public int hashCode() {
        return ((codeSet * 31 + association) * 31 + type) * 31 + Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        String assoc = association == 0 ? "logical unit" : association == 1 ? "target port"
                : association == 2 ? "target device" : "reserved association";
        return "Designator[" + typeName() + ", " + assoc + (piv ? ", protocol " + protocolId : "")
                + ", " + (isText() ? "\"" + text() + "\"" : "0x" + hex().toUpperCase(Locale.ROOT)) + "]";
    }
}
