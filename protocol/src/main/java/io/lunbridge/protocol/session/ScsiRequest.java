package io.lunbridge.protocol.session;

import io.lunbridge.protocol.scsi.CdbText;
import io.lunbridge.protocol.scsi.Lun;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.Objects;

/**
 * One SCSI command for a session to execute: the CDB, its data direction and, for writes, the data.
 *
 * <p><b>Ownership.</b> {@code writeData} is <em>borrowed</em>: the session reads it until the
 * command's future completes (success or failure) and never releases it; the submitter keeps its
 * reference and releases it after that completion. Immediate data and Data-Out PDUs carry retained
 * slices of it, never copies, and the encoder releases those. Because the bytes outlive a failed
 * attempt, the layer above (multipath) can issue the same request again on another path.
 *
 * @param lun raw 8-byte SAM LUN
 * @param cdb command descriptor block
 * @param direction data direction
 * @param expectedLength expected data transfer length in bytes (read size, or write size)
 * @param writeData data to write ({@code EMPTY_BUFFER} unless {@code direction} is WRITE)
 * @param description human-readable command name for errors, e.g. "READ(16) LBA 2048 x 8"; null to
 *     derive it from the CDB and LUN when a message asks for it (the I/O path: no string per command)
 */
public record ScsiRequest(long lun, byte[] cdb, Direction direction, int expectedLength,
                          ByteBuf writeData, String description) {

    /** Data direction of a command. */
    public enum Direction { NONE, READ, WRITE }

    public ScsiRequest {
        Objects.requireNonNull(cdb, "cdb");
        Objects.requireNonNull(direction, "direction");
        Objects.requireNonNull(writeData, "writeData");
        if (expectedLength < 0) {
            throw new IllegalArgumentException("expected transfer length " + expectedLength + " < 0");
        }
        if (direction == Direction.WRITE && writeData.readableBytes() != expectedLength) {
            throw new IllegalArgumentException("write of " + expectedLength + " bytes given "
                    + writeData.readableBytes() + " bytes of data");
        }
        if (direction != Direction.WRITE && writeData.isReadable()) {
            throw new IllegalArgumentException(direction + " command given write data");
        }
    }

    /** The description given, or one read back from the CDB and the LUN ("READ(16) LBA 8 x 1 on LUN 0"). */
    @Override
    public String description() {
        return description != null ? description : CdbText.describe(cdb) + " on " + new Lun(lun);
    }

    /** A block read whose description is derived from its CDB only when needed. */
    public static ScsiRequest read(long lun, byte[] cdb, int length) {
        return new ScsiRequest(lun, cdb, Direction.READ, length, Unpooled.EMPTY_BUFFER, null);
    }

    /** A block write (data borrowed) whose description is derived from its CDB only when needed. */
    public static ScsiRequest write(long lun, byte[] cdb, ByteBuf data) {
        return new ScsiRequest(lun, cdb, Direction.WRITE, data.readableBytes(), data, null);
    }

    /** A command without data transfer. */
    public static ScsiRequest noData(long lun, byte[] cdb, String description) {
        return new ScsiRequest(lun, cdb, Direction.NONE, 0, Unpooled.EMPTY_BUFFER, description);
    }

    /** A command reading up to {@code length} bytes. */
    public static ScsiRequest read(long lun, byte[] cdb, int length, String description) {
        return new ScsiRequest(lun, cdb, Direction.READ, length, Unpooled.EMPTY_BUFFER, description);
    }

    /** A command writing {@code data} (borrowed: the caller releases it after completion). */
    public static ScsiRequest write(long lun, byte[] cdb, ByteBuf data, String description) {
        return new ScsiRequest(lun, cdb, Direction.WRITE, data.readableBytes(), data, description);
    }
}
