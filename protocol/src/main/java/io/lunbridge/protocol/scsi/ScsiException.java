package io.lunbridge.protocol.scsi;

import io.lunbridge.block.BlockIoException;
import java.util.Objects;
import java.util.Optional;

/**
 * A SCSI command that ended with a status other than GOOD or CONDITION MET. Carries the status, the
 * sense data when there was any, a {@link ScsiErrorKind}, whether a retry can succeed, and the
 * {@link BlockIoException.Kind} exporters report. The message reads like
 * "READ(16) LBA 12345 on LUN 3: MEDIUM ERROR, unrecovered read error (ASC 0x11, ASCQ 0x00)".
 */
public final class ScsiException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String command;
    private final int status;
    private final transient Optional<SenseData> sense;
    private final ScsiErrorKind kind;

    private ScsiException(String command, int status, Optional<SenseData> sense, ScsiErrorKind kind) {
        super(message(command, status, sense));
        this.command = command;
        this.status = status;
        this.sense = sense;
        this.kind = kind;
    }

    /**
     * The exception for a failed command.
     *
     * @param commandDescription what was sent, e.g. "READ(16) LBA 12345 on LUN 3"
     * @param status the SCSI status (not GOOD or CONDITION MET)
     * @param sense the decoded sense data, if the response had any
     */
    public static ScsiException of(String commandDescription, int status, Optional<SenseData> sense) {
        Objects.requireNonNull(commandDescription, "commandDescription");
        Objects.requireNonNull(sense, "sense");
        if (status < 0 || status > 0xff) {
            throw new IllegalArgumentException(commandDescription + ": status " + status + " out of range 0..255");
        }
        if (ScsiStatus.isSuccess(status)) {
            throw new IllegalArgumentException(commandDescription + ": status " + ScsiStatus.name(status)
                    + " is not an error");
        }
        return new ScsiException(commandDescription, status, sense, classify(status, sense));
    }

    /** The command description given to {@link #of}. */
    public String command() {
        return command;
    }

    /** The SCSI status byte. */
    public int status() {
        return status;
    }

    /** The sense data, if the target sent any. */
    public Optional<SenseData> sense() {
        return sense;
    }

    /** The failure class. */
    public ScsiErrorKind kind() {
        return kind;
    }

    /**
     * Whether the same command may succeed if sent again: UNIT ATTENTION, BUSY, TASK SET FULL,
     * ABORTED COMMAND, and NOT READY while becoming ready (04h/01h) or during an ALUA state
     * transition (04h/0Ah).
     */
    public boolean retryable() {
        switch (kind) {
            case UNIT_ATTENTION:
            case BUSY:
            case TASK_SET_FULL:
            case ABORTED_COMMAND:
                return true;
            case NOT_READY:
                return sense.isPresent() && (sense.get().is(0x04, 0x01) || sense.get().is(0x04, 0x0a));
            default:
                return false;
        }
    }

    /** The error class an exporter reports (and thus the errno the client sees). */
    public BlockIoException.Kind blockKind() {
        switch (kind) {
            case DATA_PROTECT:
                return BlockIoException.Kind.PERMISSION;
            case LBA_OUT_OF_RANGE:
            case ILLEGAL_REQUEST:
                return BlockIoException.Kind.INVALID;
            case SPACE_ALLOCATION_FAILED:
                return BlockIoException.Kind.NO_SPACE;
            case INVALID_OPCODE:
                return BlockIoException.Kind.NOT_SUPPORTED;
            default:
                return BlockIoException.Kind.IO;
        }
    }

    /** This failure as a {@link BlockIoException} of {@link #blockKind()}, with this as cause. */
    public BlockIoException toBlockIoException() {
        return new BlockIoException(blockKind(), getMessage(), this);
    }

    private static ScsiErrorKind classify(int status, Optional<SenseData> sense) {
        switch (status) {
            case ScsiStatus.BUSY:
                return ScsiErrorKind.BUSY;
            case ScsiStatus.RESERVATION_CONFLICT:
                return ScsiErrorKind.RESERVATION_CONFLICT;
            case ScsiStatus.TASK_SET_FULL:
                return ScsiErrorKind.TASK_SET_FULL;
            case ScsiStatus.TASK_ABORTED:
                return ScsiErrorKind.TASK_ABORTED;
            case ScsiStatus.CHECK_CONDITION:
                return sense.map(ScsiException::classify).orElse(ScsiErrorKind.OTHER);
            default:
                return ScsiErrorKind.OTHER;
        }
    }

    private static ScsiErrorKind classify(SenseData s) {
        switch (s.key()) {
            case UNIT_ATTENTION:
                return ScsiErrorKind.UNIT_ATTENTION;
            case NOT_READY:
                return ScsiErrorKind.NOT_READY;
            case MEDIUM_ERROR:
                return ScsiErrorKind.MEDIUM_ERROR;
            case HARDWARE_ERROR:
                return ScsiErrorKind.HARDWARE_ERROR;
            case ABORTED_COMMAND:
                return ScsiErrorKind.ABORTED_COMMAND;
            case DATA_PROTECT:
                return s.is(0x27, 0x07) ? ScsiErrorKind.SPACE_ALLOCATION_FAILED : ScsiErrorKind.DATA_PROTECT;
            case ILLEGAL_REQUEST:
                if (s.is(0x21, 0x00)) {
                    return ScsiErrorKind.LBA_OUT_OF_RANGE;
                }
                if (s.is(0x20, 0x00)) {
                    return ScsiErrorKind.INVALID_OPCODE;
                }
                if (s.is(0x25, 0x00)) {
                    return ScsiErrorKind.LUN_NOT_SUPPORTED;
                }
                return ScsiErrorKind.ILLEGAL_REQUEST;
            default:
                return ScsiErrorKind.OTHER;
        }
    }

    private static String message(String command, int status, Optional<SenseData> sense) {
        if (status == ScsiStatus.CHECK_CONDITION) {
            if (sense.isEmpty()) {
                return command + ": CHECK CONDITION without sense data";
            }
            SenseData s = sense.get();
            String info = s.information().isPresent()
                    ? " [information " + Long.toUnsignedString(s.information().getAsLong()) + "]" : "";
            return command + ": " + s.describe() + info;
        }
        return command + ": status " + ScsiStatus.name(status) + " (" + ScsiBytes.hex2(status) + ")";
    }
}
