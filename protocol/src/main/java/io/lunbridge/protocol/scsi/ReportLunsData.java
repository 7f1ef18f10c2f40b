package io.lunbridge.protocol.scsi;

import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * REPORT LUNS parameter data (SPC-4 6.33.2): a 4-byte LUN LIST LENGTH, 4 reserved bytes and one
 * 8-byte LUN per entry. When the allocation length was too small the target returns only the start
 * of the list; {@link #requiredLength} tells the caller how large a buffer to ask for next.
 */
public final class ReportLunsData {
    /** Length of the parameter data header. */
    public static final int HEADER_LENGTH = 8;

    private ReportLunsData() {
    }

    /**
     * Total bytes the complete answer needs (header + LUN LIST LENGTH), as declared in the header.
     * Retry REPORT LUNS with at least this allocation length when it exceeds what was received.
     */
    public static long requiredLength(byte[] data) {
        checkHeader(data);
        return HEADER_LENGTH + ScsiBytes.u32(data, 0);
    }

    /** Whether {@code data} holds the whole LUN list its header announces. */
    public static boolean isComplete(byte[] data) {
        return requiredLength(data) <= data.length;
    }

    /** See {@link #parse(byte[])}; reads the readable bytes without consuming them. */
    public static List<Lun> parse(ByteBuf data) {
        return parse(ScsiBytes.readable(data));
    }

    /**
     * The LUNs in reported order. Bytes beyond the declared list are ignored.
     *
     * @throws ScsiFormatException if the header is short, the list length is not a multiple of 8,
     *     or the data was truncated by the allocation length (the message gives the required
     *     length; use {@link #requiredLength} to retry)
     */
    public static List<Lun> parse(byte[] data) {
        checkHeader(data);
        long listLength = ScsiBytes.u32(data, 0);
        if (listLength % 8 != 0) {
            throw new ScsiFormatException("REPORT LUNS data: LUN LIST LENGTH " + listLength
                    + " at offset 0 is not a multiple of 8");
        }
        long needed = HEADER_LENGTH + listLength;
        if (needed > data.length) {
            throw new ScsiFormatException("REPORT LUNS data truncated: LUN LIST LENGTH " + listLength
                    + " needs " + needed + " bytes, got " + data.length
                    + "; retry with an allocation length of at least " + needed);
        }
        int count = (int) (listLength / 8);
        List<Lun> luns = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            luns.add(new Lun(ScsiBytes.u64(data, HEADER_LENGTH + 8 * i)));
        }
        return Collections.unmodifiableList(luns);
    }

    private static void checkHeader(byte[] data) {
        ScsiBytes.notNull(data, "REPORT LUNS data");
        if (data.length < HEADER_LENGTH) {
            throw new ScsiFormatException("REPORT LUNS data: " + data.length
                    + " bytes is shorter than the 8-byte header");
        }
    }
}
