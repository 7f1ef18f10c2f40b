package io.lunbridge.bridge.nbd.transmission;

import java.util.Optional;

/**
 * Transmission-phase request types (proto.md "Request types") with the command flags each accepts.
 * FUA is listed for every command because clients are known to set it everywhere once SEND_FUA is
 * negotiated.
 */
public enum Command {
    READ(0, CommandFlags.FUA | CommandFlags.DF),
    WRITE(1, CommandFlags.FUA),
    DISC(2, 0xffff),
    FLUSH(3, CommandFlags.FUA),
    TRIM(4, CommandFlags.FUA),
    CACHE(5, CommandFlags.FUA),
    WRITE_ZEROES(6, CommandFlags.FUA | CommandFlags.NO_HOLE | CommandFlags.FAST_ZERO),
    BLOCK_STATUS(7, CommandFlags.FUA | CommandFlags.REQ_ONE);

    /** By wire code (codes are 0..7, dense): one lookup per request, no {@code values()} clone. */
    private static final Command[] BY_CODE = new Command[8];

    static {
        for (Command c : values()) {
            BY_CODE[c.code] = c;
        }
    }

    private final int code;
    private final int allowedFlags;

    Command(int code, int allowedFlags) {
        this.code = code;
        this.allowedFlags = allowedFlags;
    }

    /** The 16-bit type value on the wire. */
    public int code() {
        return code;
    }

    /** Command flags valid for this command (before negotiation-dependent checks). */
    public int allowedFlags() {
        return allowedFlags;
    }

    /** The command with wire type {@code code}, if known. */
    public static Optional<Command> of(int code) {
        return Optional.ofNullable(known(code));
    }

    /** The command with wire type {@code code}, or null if unknown (allocation-free, for the hot path). */
    public static Command known(int code) {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    }
}
