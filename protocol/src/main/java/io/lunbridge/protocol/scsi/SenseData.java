package io.lunbridge.protocol.scsi;

import io.netty.buffer.ByteBuf;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Decoded sense data (SPC-4 4.5) from a CHECK CONDITION: fixed format (response codes 70h current,
 * 71h deferred) and descriptor format (72h, 73h). Only what an initiator acts on is kept: key,
 * ASC/ASCQ, deferred, and the INFORMATION field (usually the failing LBA).
 *
 * @param responseCode RESPONSE CODE (70h..73h)
 * @param senseKey SENSE KEY 0..15
 * @param asc ADDITIONAL SENSE CODE (0 when the target sent none)
 * @param ascq ADDITIONAL SENSE CODE QUALIFIER (0 when the target sent none)
 * @param deferred the error belongs to an earlier command (71h/73h)
 * @param information INFORMATION when the target marked it valid
 */
public record SenseData(int responseCode, int senseKey, int asc, int ascq, boolean deferred,
                        OptionalLong information) {
    /** Fixed format, current error. */
    public static final int FIXED_CURRENT = 0x70;
    /** Fixed format, deferred error. */
    public static final int FIXED_DEFERRED = 0x71;
    /** Descriptor format, current error. */
    public static final int DESCRIPTOR_CURRENT = 0x72;
    /** Descriptor format, deferred error. */
    public static final int DESCRIPTOR_DEFERRED = 0x73;

    private static final int HEADER_LENGTH = 8;

    /** See {@link #parse(byte[])}; reads the readable bytes without consuming them. */
    public static SenseData parse(ByteBuf sense) {
        return parse(ScsiBytes.readable(sense));
    }

    /**
     * Decodes sense data in either format. Bytes after the ADDITIONAL SENSE LENGTH are ignored.
     *
     * @throws ScsiFormatException if empty, of an unknown response code, shorter than its header
     *     or its ADDITIONAL SENSE LENGTH claims, or with a descriptor running past the end
     */
    public static SenseData parse(byte[] sense) {
        ScsiBytes.notNull(sense, "sense data");
        if (sense.length == 0) {
            throw new ScsiFormatException("sense data is empty");
        }
        int responseCode = sense[0] & 0x7f;
        boolean fixed = responseCode == FIXED_CURRENT || responseCode == FIXED_DEFERRED;
        if (!fixed && responseCode != DESCRIPTOR_CURRENT && responseCode != DESCRIPTOR_DEFERRED) {
            throw new ScsiFormatException("sense data: RESPONSE CODE " + ScsiBytes.hex2(responseCode)
                    + " at offset 0 is neither fixed (0x70/0x71) nor descriptor (0x72/0x73) format");
        }
        String format = fixed ? "fixed-format sense data" : "descriptor-format sense data";
        if (sense.length < HEADER_LENGTH) {
            throw new ScsiFormatException(format + ": " + sense.length
                    + " bytes, need at least 8 (through ADDITIONAL SENSE LENGTH at offset 7)");
        }
        int end = HEADER_LENGTH + ScsiBytes.u8(sense, 7);
        if (end > sense.length) {
            throw new ScsiFormatException(format + " truncated: ADDITIONAL SENSE LENGTH " + (end - HEADER_LENGTH)
                    + " at offset 7 needs " + end + " bytes, got " + sense.length);
        }
        boolean deferred = responseCode == FIXED_DEFERRED || responseCode == DESCRIPTOR_DEFERRED;
        return fixed ? parseFixed(sense, responseCode, deferred, end)
                : parseDescriptor(sense, responseCode, deferred, end);
    }

    /**
     * The sense data in an iSCSI SCSI Response data segment (RFC 7143 11.4.7): a 2-byte SenseLength
     * then the sense bytes. Empty when the segment is absent or SenseLength is 0. The buffer is read
     * at its reader index and neither consumed nor released.
     *
     * @throws ScsiFormatException if SenseLength exceeds the segment or the sense is malformed
     */
    public static Optional<SenseData> fromResponseSegment(ByteBuf segment) {
        if (segment == null || segment.readableBytes() == 0) {
            return Optional.empty();
        }
        int available = segment.readableBytes();
        if (available < 2) {
            throw new ScsiFormatException("SCSI Response data segment: " + available
                    + " byte is too short for the 2-byte SenseLength");
        }
        int senseLength = segment.getUnsignedShort(segment.readerIndex());
        if (senseLength == 0) {
            return Optional.empty();
        }
        if (senseLength > available - 2) {
            throw new ScsiFormatException("SCSI Response data segment: SenseLength " + senseLength
                    + " exceeds the " + (available - 2) + " bytes that follow it");
        }
        return Optional.of(parse(segment.slice(segment.readerIndex() + 2, senseLength)));
    }

    /** The sense key as an enum. */
    public SenseKey key() {
        return SenseKey.of(senseKey);
    }

    /** Whether ASC/ASCQ equal the given pair. */
    public boolean is(int asc, int ascq) {
        return this.asc == asc && this.ascq == ascq;
    }

    /** "MEDIUM ERROR, unrecovered read error (ASC 0x11, ASCQ 0x00)", prefixed "deferred " if so. */
    public String describe() {
        return (deferred ? "deferred " : "") + key().displayName() + ", " + AdditionalSense.format(asc, ascq);
    }

    @Override
    public String toString() {
        return "SenseData[" + describe() + ", response code " + ScsiBytes.hex2(responseCode)
                + (information.isPresent() ? ", information " + Long.toUnsignedString(information.getAsLong()) : "")
                + "]";
    }

    private static SenseData parseFixed(byte[] s, int responseCode, boolean deferred, int end) {
        OptionalLong information = (s[0] & 0x80) != 0 ? OptionalLong.of(ScsiBytes.u32(s, 3)) : OptionalLong.empty();
        int asc = end > 12 ? ScsiBytes.u8(s, 12) : 0;
        int ascq = end > 13 ? ScsiBytes.u8(s, 13) : 0;
        return new SenseData(responseCode, s[2] & 0x0f, asc, ascq, deferred, information);
    }

    private static SenseData parseDescriptor(byte[] s, int responseCode, boolean deferred, int end) {
        OptionalLong information = OptionalLong.empty();
        int off = HEADER_LENGTH;
        while (off < end) {
            if (off + 2 > end) {
                throw new ScsiFormatException("descriptor-format sense data: descriptor at offset " + off
                        + " has 1 byte, less than its 2-byte header");
            }
            int type = ScsiBytes.u8(s, off);
            int length = ScsiBytes.u8(s, off + 1);
            if (off + 2 + length > end) {
                throw new ScsiFormatException("descriptor-format sense data: descriptor type " + ScsiBytes.hex2(type)
                        + " at offset " + off + " claims ADDITIONAL LENGTH " + length + " but only "
                        + (end - off - 2) + " bytes remain");
            }
            if (type == 0x00) {
                if (length < 0x0a) {
                    throw new ScsiFormatException("descriptor-format sense data: information descriptor at offset "
                            + off + " has ADDITIONAL LENGTH " + length + ", expected 10");
                }
                if ((s[off + 2] & 0x80) != 0 && information.isEmpty()) {
                    information = OptionalLong.of(ScsiBytes.u64(s, off + 4));
                }
            }
            off += 2 + length;
        }
        return new SenseData(responseCode, s[1] & 0x0f, ScsiBytes.u8(s, 2), ScsiBytes.u8(s, 3), deferred,
                information);
    }
}
