package io.lunbridge.protocol.scsi;

import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Device Identification (VPD page 83h, SPC-4 7.8.6): the designation descriptors of the logical
 * unit, its target port and target device. {@link #lunIdentity()} picks the one that names the
 * logical unit itself, for multipath grouping.
 *
 * <p>Seen on real targets: tgtd sends a T10 vendor ID ("IET     00010001" followed by NULs), an
 * NAA 3 and an NAA 6 designator, all for the logical unit; istgt adds logical unit group, target
 * port group, relative target port and SCSI name strings (not NUL-terminated, lengths not multiples
 * of 4) and uses code set UTF-8 for its T10 vendor ID.
 *
 * @param designators the descriptors in page order
 */
public record DeviceIdentification(List<Designator> designators) {
    public DeviceIdentification {
        designators = List.copyOf(designators);
    }

    /** See {@link #parse(byte[])}; reads the readable bytes without consuming them. */
    public static DeviceIdentification parse(ByteBuf data) {
        return parse(ScsiBytes.readable(data));
    }

    /**
     * Decodes page 83h.
     *
     * @throws ScsiFormatException if the page or a descriptor is shorter than its length claims
     */
    public static DeviceIdentification parse(byte[] data) {
        int end = VpdPage.check(data, VpdPage.DEVICE_IDENTIFICATION, "Device Identification");
        List<Designator> list = new ArrayList<>();
        int off = VpdPage.HEADER_LENGTH;
        while (off < end) {
            if (off + 4 > end) {
                throw new ScsiFormatException("VPD page 0x83 (Device Identification): designation descriptor at offset "
                        + off + " has " + (end - off) + " bytes, less than its 4-byte header");
            }
            int length = ScsiBytes.u8(data, off + 3);
            if (off + 4 + length > end) {
                throw new ScsiFormatException("VPD page 0x83 (Device Identification): designation descriptor at offset "
                        + off + " claims DESIGNATOR LENGTH " + length + " but the page ends at offset " + end);
            }
            int b0 = ScsiBytes.u8(data, off);
            int b1 = ScsiBytes.u8(data, off + 1);
            list.add(new Designator(b0 & 0x0f, (b1 >>> 4) & 0x03, b1 & 0x0f, (b1 & 0x80) != 0, b0 >>> 4,
                    Arrays.copyOfRange(data, off + 4, off + 4 + length)));
            off += 4 + length;
        }
        return new DeviceIdentification(list);
    }

    /**
     * The logical unit's identity, chosen among designators with logical unit association: NAA
     * (IEEE Registered Extended 6 before IEEE Registered 5 before Locally Assigned 3 and IEEE
     * Extended 2, which rank equal), then EUI-64, then SCSI name string, then T10 vendor ID. Within
     * one rank the first in page order wins. Malformed candidates (an NAA of the wrong length, a
     * text designator in binary code set, an empty string) are skipped.
     */
    public Optional<LunIdentity> lunIdentity() {
        LunIdentity best = null;
        int bestRank = Integer.MAX_VALUE;
        for (Designator d : designators) {
            if (d.association() != Designator.ASSOCIATION_LOGICAL_UNIT) {
                continue;
            }
            int rank = rank(d);
            if (rank < bestRank) {
                LunIdentity id = identity(d);
                if (id != null) {
                    best = id;
                    bestRank = rank;
                }
            }
        }
        return Optional.ofNullable(best);
    }

    /** The TARGET PORT GROUP of the port that answered (designator type 5), for ALUA. */
    public OptionalInt targetPortGroup() {
        return portField(Designator.TYPE_TARGET_PORT_GROUP);
    }

    /** The RELATIVE TARGET PORT IDENTIFIER of the port that answered (designator type 4). */
    public OptionalInt relativeTargetPort() {
        return portField(Designator.TYPE_RELATIVE_TARGET_PORT);
    }

    private OptionalInt portField(int type) {
        for (Designator d : designators) {
            if (d.type() == type && d.association() == Designator.ASSOCIATION_TARGET_PORT
                    && d.value().length >= 4) {
                return OptionalInt.of(ScsiBytes.u16(d.value(), 2));
            }
        }
        return OptionalInt.empty();
    }

    private static int rank(Designator d) {
        switch (d.type()) {
            case Designator.TYPE_NAA:
                if (d.value().length == 0) {
                    return Integer.MAX_VALUE;
                }
                switch ((d.value()[0] >> 4) & 0x0f) {
                    case 6:
                        return 0;
                    case 5:
                        return 1;
                    case 3:
                    case 2:
                        return 2;
                    default:
                        return 3;
                }
            case Designator.TYPE_EUI64:
                return 4;
            case Designator.TYPE_SCSI_NAME_STRING:
                return 5;
            case Designator.TYPE_T10_VENDOR_ID:
                return 6;
            default:
                return Integer.MAX_VALUE;
        }
    }

    private static LunIdentity identity(Designator d) {
        byte[] v = d.value();
        switch (d.type()) {
            case Designator.TYPE_NAA:
                int naa = (v[0] >> 4) & 0x0f;
                int expected = naa == 6 ? 16 : 8;
                return d.codeSet() == Designator.CODE_SET_BINARY && v.length == expected
                        ? new LunIdentity("naa", "naa." + d.hex()) : null;
            case Designator.TYPE_EUI64:
                return d.codeSet() == Designator.CODE_SET_BINARY && (v.length == 8 || v.length == 12 || v.length == 16)
                        ? new LunIdentity("eui", "eui." + d.hex()) : null;
            case Designator.TYPE_SCSI_NAME_STRING:
                return d.codeSet() == Designator.CODE_SET_UTF8 && !d.text().isEmpty()
                        ? new LunIdentity("name", d.text()) : null;
            case Designator.TYPE_T10_VENDOR_ID:
                return d.isText() && !d.text().isEmpty() ? new LunIdentity("t10", "t10." + d.text()) : null;
            default:
                return null;
        }
    }
}
