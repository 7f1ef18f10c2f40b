package io.lunbridge.bridge.nbd.handshake;

import io.lunbridge.bridge.nbd.options.OptionCodes;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * The server's opening of fixed newstyle negotiation (proto.md "Newstyle negotiation"): NBDMAGIC,
 * IHAVEOPT and the handshake flags FIXED_NEWSTYLE | NO_ZEROES. Oldstyle is never offered.
 */
public final class Greeting {
    /** 'NBDMAGIC'. */
    public static final long NBDMAGIC = 0x4e42444d41474943L;
    /** Handshake flag NBD_FLAG_FIXED_NEWSTYLE. */
    public static final int FLAG_FIXED_NEWSTYLE = 1;
    /** Handshake flag NBD_FLAG_NO_ZEROES. */
    public static final int FLAG_NO_ZEROES = 1 << 1;
    /** Handshake flags this server sends. */
    public static final int HANDSHAKE_FLAGS = FLAG_FIXED_NEWSTYLE | FLAG_NO_ZEROES;
    /** Client flag NBD_FLAG_C_FIXED_NEWSTYLE. */
    public static final int CLIENT_FIXED_NEWSTYLE = 1;
    /** Client flag NBD_FLAG_C_NO_ZEROES. */
    public static final int CLIENT_NO_ZEROES = 1 << 1;

    private Greeting() {
    }

    /** The 18 greeting bytes. */
    public static ByteBuf encode(ByteBufAllocator alloc) {
        ByteBuf b = alloc.ioBuffer(18);
        b.writeLong(NBDMAGIC).writeLong(OptionCodes.IHAVEOPT).writeShort(HANDSHAKE_FLAGS);
        return b;
    }
}
