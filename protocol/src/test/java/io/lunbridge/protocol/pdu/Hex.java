package io.lunbridge.protocol.pdu;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;

/** Hex test vectors: spaces, '|' separators and line breaks are ignored. */
final class Hex {
    private Hex() {
    }

    static byte[] bytes(String hex) {
        String clean = hex.replaceAll("[\\s|]", "");
        if (clean.length() % 2 != 0) {
            throw new IllegalArgumentException("odd number of hex digits: " + clean.length());
        }
        return ByteBufUtil.decodeHexDump(clean);
    }

    static String of(ByteBuf buf) {
        return ByteBufUtil.hexDump(buf);
    }

    static String of(byte[] bytes) {
        return ByteBufUtil.hexDump(bytes);
    }
}
