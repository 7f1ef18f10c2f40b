package io.lunbridge.protocol.scsi;

import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * GET LBA STATUS parameter data (SBC-4 5.6.2): a 4-byte PARAMETER DATA LENGTH, 4 reserved bytes
 * and 16-byte LBA status descriptors. An answer cut by the allocation length is normal (the caller
 * asks again after the last extent), so only the complete descriptors that arrived are returned.
 */
public final class LbaStatusData {
    /** Length of the parameter data header. */
    public static final int HEADER_LENGTH = 8;
    /** Length of one LBA status descriptor. */
    public static final int DESCRIPTOR_LENGTH = 16;

    private LbaStatusData() {
    }

    /** See {@link #parse(byte[])}; reads the readable bytes without consuming them. */
    public static List<LbaStatusDescriptor> parse(ByteBuf data) {
        return parse(ScsiBytes.readable(data));
    }

    /**
     * The descriptors that arrived complete, in order.
     *
     * @throws ScsiFormatException if the header is short or PARAMETER DATA LENGTH does not describe
     *     a whole number of descriptors
     */
    public static List<LbaStatusDescriptor> parse(byte[] data) {
        ScsiBytes.notNull(data, "GET LBA STATUS data");
        if (data.length < HEADER_LENGTH) {
            throw new ScsiFormatException("GET LBA STATUS data: " + data.length
                    + " bytes is shorter than the 8-byte header");
        }
        long parameterLength = ScsiBytes.u32(data, 0);
        if (parameterLength < 4 || (parameterLength - 4) % DESCRIPTOR_LENGTH != 0) {
            throw new ScsiFormatException("GET LBA STATUS data: PARAMETER DATA LENGTH " + parameterLength
                    + " at offset 0 is not 4 + a multiple of 16");
        }
        long declaredEnd = 4 + parameterLength;
        int end = (int) Math.min(declaredEnd, data.length);
        int count = (end - HEADER_LENGTH) / DESCRIPTOR_LENGTH;
        List<LbaStatusDescriptor> list = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int off = HEADER_LENGTH + i * DESCRIPTOR_LENGTH;
            long lba = ScsiBytes.u64(data, off);
            if (lba < 0) {
                throw new ScsiFormatException("GET LBA STATUS data: descriptor at offset " + off + " has LBA 0x"
                        + Long.toHexString(lba) + " beyond 2^63-1");
            }
            list.add(new LbaStatusDescriptor(lba, ScsiBytes.u32(data, off + 8), data[off + 12] & 0x0f));
        }
        return Collections.unmodifiableList(list);
    }
}
