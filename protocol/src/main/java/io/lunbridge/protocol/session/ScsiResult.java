package io.lunbridge.protocol.session;

import io.netty.buffer.ByteBuf;

/**
 * The outcome of a SCSI command as the target reported it. The session does not interpret SCSI
 * status or sense: the logical unit layer does.
 *
 * <p><b>Ownership.</b> The receiver owns {@code data} (read data: a composite of the Data-In
 * segments, not a copy) and must release it.
 *
 * @param status SCSI status byte
 * @param sense raw sense data (without the iSCSI SenseLength prefix), empty if none
 * @param data data read (possibly shorter than expected: see residual)
 * @param residualUnderflow the target transferred fewer bytes than expected
 * @param residualOverflow the target had more bytes than expected
 * @param residualCount the residual byte count
 */
public record ScsiResult(int status, byte[] sense, ByteBuf data, boolean residualUnderflow,
                         boolean residualOverflow, int residualCount) {

    /** SCSI status GOOD. */
    public static final int GOOD = 0x00;

    public boolean good() {
        return status == GOOD;
    }
}
