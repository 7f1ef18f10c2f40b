package io.lunbridge.protocol.scsi;

/**
 * SCSI data from a target (parameter data, VPD page, sense data) that does not follow its SPC/SBC
 * layout: shorter than its header claims, wrong page code, a length that is not a multiple of the
 * descriptor size. The message names the structure, the offset or field, and the bad value.
 */
public final class ScsiFormatException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ScsiFormatException(String message) {
        super(message);
    }
}
