package io.lunbridge.protocol.scsi;

/**
 * The identity of a logical unit, independent of the path it is reached by: multipath groups paths
 * whose identities are equal. Chosen from the Device Identification VPD page by
 * {@link DeviceIdentification#lunIdentity()}.
 *
 * @param type "naa", "eui", "name" (SCSI name string) or "t10"
 * @param value canonical text, e.g. "naa.60000000000000000e00000000010001",
 *     "eui.0123456789abcdef", "t10.IET     00010001", or the SCSI name string itself
 */
public record LunIdentity(String type, String value) {
    public LunIdentity {
        if (type == null || type.isEmpty() || value == null || value.isEmpty()) {
            throw new IllegalArgumentException("LUN identity needs a type and a value, got type=" + type
                    + " value=" + value);
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
