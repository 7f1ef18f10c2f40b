package io.lunbridge.bridge.nbd;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;

/**
 * Client-side byte vectors built field by field from proto.md, so that tests do not reuse the
 * server's own encoders.
 */
final class NbdWire {
    static final long NBDMAGIC = 0x4e42444d41474943L;
    static final long IHAVEOPT = 0x49484156454F5054L;
    static final long OPT_REPLY_MAGIC = 0x3e889045565a9L;
    static final int REQUEST_MAGIC = 0x25609513;
    static final int SIMPLE_MAGIC = 0x67446698;
    static final int STRUCTURED_MAGIC = 0x668e33ef;

    static final int OPT_EXPORT_NAME = 1, OPT_ABORT = 2, OPT_LIST = 3, OPT_STARTTLS = 5, OPT_INFO = 6, OPT_GO = 7,
            OPT_STRUCTURED_REPLY = 8, OPT_LIST_META = 9, OPT_SET_META = 10;
    static final int REP_ACK = 1, REP_SERVER = 2, REP_INFO = 3, REP_META = 4;
    static final int ERR_UNSUP = 0x80000001, ERR_INVALID = 0x80000003, ERR_UNKNOWN = 0x80000006;
    static final int INFO_EXPORT = 0, INFO_NAME = 1, INFO_DESCRIPTION = 2, INFO_BLOCK_SIZE = 3;

    static final int CMD_READ = 0, CMD_WRITE = 1, CMD_DISC = 2, CMD_FLUSH = 3, CMD_TRIM = 4, CMD_CACHE = 5,
            CMD_WRITE_ZEROES = 6, CMD_BLOCK_STATUS = 7;
    static final int F_FUA = 1, F_NO_HOLE = 2, F_DF = 4, F_REQ_ONE = 8, F_FAST_ZERO = 16;

    private NbdWire() {
    }

    static ByteBuf clientFlags(int flags) {
        return Unpooled.buffer().writeInt(flags);
    }

    static ByteBuf option(int option, byte[] data) {
        return Unpooled.buffer().writeLong(IHAVEOPT).writeInt(option).writeInt(data.length).writeBytes(data);
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** NBD_OPT_INFO / GO data: name length, name, count, info types. */
    static byte[] infoData(String name, int... infos) {
        ByteBuf b = Unpooled.buffer();
        b.writeInt(utf8(name).length).writeBytes(utf8(name)).writeShort(infos.length);
        for (int i : infos) {
            b.writeShort(i);
        }
        return bytes(b);
    }

    /** Meta context option data: name length, name, query count, (length, query)…. */
    static byte[] metaData(String name, String... queries) {
        ByteBuf b = Unpooled.buffer();
        b.writeInt(utf8(name).length).writeBytes(utf8(name)).writeInt(queries.length);
        for (String q : queries) {
            b.writeInt(utf8(q).length).writeBytes(utf8(q));
        }
        return bytes(b);
    }

    static ByteBuf request(int flags, int type, long handle, long offset, long length) {
        return Unpooled.buffer().writeInt(REQUEST_MAGIC).writeShort(flags).writeShort(type).writeLong(handle)
                .writeLong(offset).writeInt((int) length);
    }

    static ByteBuf write(int flags, long handle, long offset, byte[] payload) {
        return request(flags, CMD_WRITE, handle, offset, payload.length).writeBytes(payload);
    }

    static byte[] bytes(ByteBuf b) {
        byte[] out = new byte[b.readableBytes()];
        b.readBytes(out);
        b.release();
        return out;
    }

    static byte[] pattern(int length, int seed) {
        byte[] b = new byte[length];
        for (int i = 0; i < length; i++) {
            b[i] = (byte) (i * 31 + seed);
        }
        return b;
    }
}
