package io.lunbridge.bridge.nbd.transmission;

import java.util.Optional;

/**
 * Checks a request against the negotiated parameters before any device I/O, following proto.md:
 * unknown command or flag → EINVAL; write on a read-only export → EPERM; write beyond the end →
 * ENOSPC, any other access beyond the end → EINVAL; misaligned to the logical block size or longer
 * than the maximum block size → EINVAL. Alignment is enforced whether or not block sizes were
 * announced: the device cannot do read-modify-write, and a clean EINVAL corrupts nothing.
 *
 * <p>TRIM and WRITE_ZEROES are not limited by the maximum block size (their length carries no
 * payload; the device splits them), which the protocol permits.
 */
public final class RequestValidator {
    private final TransmissionParameters params;
    private final long size;

    public RequestValidator(TransmissionParameters params) {
        this.params = params;
        this.size = params.export().device().geometry().sizeBytes();
    }

    /** Empty if the request may go to the device, otherwise the reason it must not. */
    public Optional<Rejection> check(NbdRequest r) {
        Command cmd = r.command();
        if (cmd == null) {
            return reject(NbdErrno.EINVAL, "unknown command type " + r.type());
        }
        int badFlags = r.flags() & ~cmd.allowedFlags();
        if (badFlags != 0) {
            return reject(NbdErrno.EINVAL, "command flags 0x" + Integer.toHexString(badFlags) + " not valid for " + cmd);
        }
        if ((r.flags() & CommandFlags.FUA) != 0 && !params.has(TransmissionFlags.SEND_FUA)) {
            return reject(NbdErrno.EINVAL, "command flag FUA on " + cmd + " but SEND_FUA was not announced");
        }
        if ((r.flags() & CommandFlags.DF) != 0 && !params.structuredReplies()) {
            return reject(NbdErrno.EINVAL, "command flag DF without structured replies");
        }
        switch (cmd) {
            case DISC:
                return Optional.empty();
            case FLUSH:
                if (r.offset() != 0 || r.length() != 0) {
                    return reject(NbdErrno.EINVAL, "FLUSH offset " + Long.toUnsignedString(r.offset()) + " length "
                            + r.length() + ": both must be 0");
                }
                return Optional.empty();
            case WRITE:
            case WRITE_ZEROES:
            case TRIM:
                if (params.has(TransmissionFlags.READ_ONLY)) {
                    return reject(NbdErrno.EPERM, cmd + " on read-only export '" + params.export().name() + "'");
                }
                if (cmd == Command.TRIM && !params.has(TransmissionFlags.SEND_TRIM)) {
                    return reject(NbdErrno.EINVAL, "TRIM but SEND_TRIM was not announced");
                }
                return checkRange(cmd, r, cmd == Command.TRIM ? NbdErrno.EINVAL : NbdErrno.ENOSPC);
            case BLOCK_STATUS:
                if (params.metaContextId() == 0) {
                    return reject(NbdErrno.EINVAL, "BLOCK_STATUS without a selected metadata context");
                }
                return checkRange(cmd, r, NbdErrno.EINVAL);
            default:
                return checkRange(cmd, r, NbdErrno.EINVAL);
        }
    }

    private Optional<Rejection> checkRange(Command cmd, NbdRequest r, NbdErrno beyondEnd) {
        long offset = r.offset();
        long length = r.length();
        if (offset < 0 || offset > size || length > size - offset) {
            return reject(beyondEnd, cmd + " offset " + Long.toUnsignedString(offset) + " length " + length
                    + " goes beyond the export size " + size);
        }
        int min = params.blockSizes().minimum();
        if (offset % min != 0 || (length % min != 0 && cmd != Command.BLOCK_STATUS)) {
            return reject(NbdErrno.EINVAL, cmd + " offset " + offset + " length " + length
                    + " not aligned to the minimum block size " + min);
        }
        boolean limited = cmd == Command.READ || cmd == Command.WRITE || cmd == Command.CACHE;
        if (limited && length > params.blockSizes().maximum()) {
            return reject(NbdErrno.EINVAL, cmd + " length " + length + " exceeds the maximum block size "
                    + params.blockSizes().maximum());
        }
        return Optional.empty();
    }

    private static Optional<Rejection> reject(NbdErrno errno, String message) {
        return Optional.of(new Rejection(errno, message));
    }
}
