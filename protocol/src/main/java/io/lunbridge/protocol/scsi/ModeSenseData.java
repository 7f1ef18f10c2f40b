package io.lunbridge.protocol.scsi;

import io.netty.buffer.ByteBuf;
import java.util.Optional;

/**
 * What the initiator needs from a MODE SENSE(10) answer (SPC-4 7.5.5, SBC-4 6.5.5): the
 * write-protect and DPO/FUA bits of the header's DEVICE-SPECIFIC PARAMETER, and the WCE bit of the
 * Caching mode page (08h) when the answer contains it. Ask with page 08h (or 3Fh, all pages).
 *
 * @param writeProtected WP: the medium is write-protected
 * @param dpoFua DPOFUA: DPO and FUA bits are supported
 * @param writeCacheEnabled WCE of the Caching page; empty if the page was not returned
 */
public record ModeSenseData(boolean writeProtected, boolean dpoFua, Optional<Boolean> writeCacheEnabled) {
    /** Length of the MODE SENSE(10) mode parameter header. */
    public static final int HEADER_LENGTH = 8;
    /** Page code of the Caching mode page. */
    public static final int CACHING_PAGE = 0x08;

    /** See {@link #parse(byte[])}; reads the readable bytes without consuming them. */
    public static ModeSenseData parse(ByteBuf data) {
        return parse(ScsiBytes.readable(data));
    }

    /**
     * Decodes MODE SENSE(10) parameter data: header, block descriptors (skipped) and mode pages.
     *
     * @throws ScsiFormatException if the header is short, or a block descriptor list or page runs
     *     past the data (the message says which offset and how many bytes the full answer needs)
     */
    public static ModeSenseData parse(byte[] data) {
        ScsiBytes.notNull(data, "MODE SENSE(10) data");
        if (data.length < HEADER_LENGTH) {
            throw new ScsiFormatException("MODE SENSE(10) data: " + data.length
                    + " bytes is shorter than the 8-byte mode parameter header");
        }
        int declaredEnd = 2 + ScsiBytes.u16(data, 0);
        int end = Math.min(declaredEnd, data.length);
        int deviceSpecific = ScsiBytes.u8(data, 3);
        int blockDescriptorLength = ScsiBytes.u16(data, 6);
        int off = HEADER_LENGTH + blockDescriptorLength;
        if (off > end) {
            throw truncated("BLOCK DESCRIPTOR LENGTH " + blockDescriptorLength + " at offset 6", off, end, declaredEnd);
        }
        Optional<Boolean> wce = Optional.empty();
        while (off < end) {
            boolean spf = (data[off] & 0x40) != 0;
            int headerLength = spf ? 4 : 2;
            if (off + headerLength > end) {
                throw truncated("mode page header at offset " + off, off + headerLength, end, declaredEnd);
            }
            int code = data[off] & 0x3f;
            int length = spf ? ScsiBytes.u16(data, off + 2) : ScsiBytes.u8(data, off + 1);
            int pageEnd = off + headerLength + length;
            if (pageEnd > end) {
                throw truncated("mode page " + ScsiBytes.hex2(code) + " at offset " + off + " (PAGE LENGTH " + length + ")",
                        pageEnd, end, declaredEnd);
            }
            if (code == CACHING_PAGE && !spf && wce.isEmpty()) {
                if (length < 1) {
                    throw new ScsiFormatException("MODE SENSE(10) data: Caching mode page at offset " + off
                            + " has PAGE LENGTH 0, no room for the WCE bit");
                }
                wce = Optional.of((data[off + 2] & 0x04) != 0);
            }
            off = pageEnd;
        }
        return new ModeSenseData((deviceSpecific & 0x80) != 0, (deviceSpecific & 0x10) != 0, wce);
    }

    private static ScsiFormatException truncated(String what, int neededEnd, int end, int declaredEnd) {
        String why = end < declaredEnd
                ? " (answer truncated: MODE DATA LENGTH needs " + declaredEnd + " bytes; retry with a larger allocation length)"
                : " (MODE DATA LENGTH at offset 0 ends the data at offset " + declaredEnd + ")";
        return new ScsiFormatException("MODE SENSE(10) data: " + what + " runs to offset " + neededEnd
                + " but the data ends at offset " + end + why);
    }
}
