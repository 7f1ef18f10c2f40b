package io.lunbridge.bridge.kernel;

import io.lunbridge.protocol.fuzz.Fuzz;
import io.lunbridge.protocol.fuzz.FuzzGuard;
import io.lunbridge.protocol.fuzz.Gen;
import io.lunbridge.protocol.fuzz.Mutations;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * Netlink replies (datagrams of one or more messages, generic netlink headers and attributes) on
 * random and mutated input (seeds: the kernel replies of the codec tests): only
 * {@link NetlinkFormatException}, no hang, bounded allocation. A datagram is at most the 64 KiB
 * receive buffer of {@code GenlSocket}, which bounds everything decoded from it.
 */
class NetlinkFuzzTest {
    @AutoClose
    private final FuzzGuard guard = new FuzzGuard();
    private final NetlinkCodec codec = new NetlinkCodec(ByteOrder.LITTLE_ENDIAN);

    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replace(" ", "").replace("|", ""));
    }

    private static Gen<byte[]> datagram() {
        return Mutations.mutated(List.of(
                hex("1c000000 1b00 0000 07000000 d2040000 | 01 01 0000 | 0800 0100 02000000"),
                hex("24000000 0200 0000 07000000 00000000 | f0ffffff | 60000000 1b00 0500 07000000 00000000"),
                hex("30000000 1000 0000 01000000 00000000 | 01 02 0000 | 0800 0100 1b000000 | 0800 0200 6e626400"
                        + " | 0c00 0600 0800 0100 01000000")), 1024);
    }

    @Test
    void datagramDecodesOrRefuses() {
        Fuzz.forAll(datagram(), b -> {
            guard.check(b, () -> {
                for (NetlinkMessage m : codec.decode(ByteBuffer.wrap(b))) {
                    if (m.isError()) {
                        codec.errno(m);
                    } else {
                        GenlReply reply = codec.genl(m, "fuzz");
                        reply.toString();
                    }
                }
            }, NetlinkFormatException.class);
        });
    }
}
