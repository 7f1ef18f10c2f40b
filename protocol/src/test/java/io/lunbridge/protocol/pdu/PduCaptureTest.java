package io.lunbridge.protocol.pdu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Feeds the streams captured between libiscsi/qemu and tgtd (with and without header digests)
 * through {@link PduDecoder} in several chunk sizes, checks the decoded sequence, and re-encodes it
 * with {@link PduEncoder} to the identical bytes. The framing after login comes from the captured
 * negotiation, and is switched by a handler behind the decoder, as the session will do it.
 */
class PduCaptureTest {
    private static final int WHOLE = Integer.MAX_VALUE;

    static Stream<Arguments> connectionsAndChunkSizes() {
        List<Arguments> args = new ArrayList<>();
        for (Captures.Connection c : Captures.all()) {
            // One byte at a time for all but the two large qemu-io streams, where 200k single-byte
            // reads would only exercise Netty's composite cumulation quadratically.
            if (c.initiatorBytes().length + c.targetBytes().length < 64 * 1024) {
                args.add(Arguments.of(c, 1));
            }
            for (int chunk : new int[] {13, 1460, WHOLE}) {
                args.add(Arguments.of(c, chunk));
            }
        }
        return args.stream();
    }

    static Stream<Captures.Connection> connections() {
        return Captures.all().stream();
    }

    /** Decodes a whole stream; the caller releases the PDUs. */
    private static List<Pdu> decode(byte[] stream, FramingParameters afterLogin, int chunk) {
        PduDecoder decoder = new PduDecoder(FramingParameters.LOGIN);
        List<Pdu> pdus = new ArrayList<>();
        EmbeddedChannel channel = new EmbeddedChannel(decoder, new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                Pdu pdu = (Pdu) msg;
                pdus.add(pdu);
                if (Captures.isLastLoginPdu(pdu)) {
                    decoder.setFraming(afterLogin);
                }
            }
        });
        for (int i = 0; i < stream.length; i += chunk) {
            int length = Math.min(chunk, stream.length - i);
            ByteBuf buf = Unpooled.directBuffer(length).writeBytes(stream, i, length);
            channel.writeInbound(buf);
        }
        assertEquals(0, decoder.bufferedBytes(), "no bytes left over at the end of the stream");
        assertFalse(channel.finish());
        return pdus;
    }

    /** Encodes PDUs (their data retained first: the encoder releases one reference). */
    private static byte[] encode(List<Pdu> pdus, FramingParameters afterLogin) {
        PduEncoder encoder = new PduEncoder(FramingParameters.LOGIN);
        EmbeddedChannel channel = new EmbeddedChannel(encoder);
        List<ChannelFuture> writes = new ArrayList<>();
        for (Pdu pdu : pdus) {
            pdu.data().retain();
            writes.add(channel.write(pdu));
            if (Captures.isLastLoginPdu(pdu)) {
                encoder.setFraming(afterLogin);
            }
        }
        channel.flush();
        for (int i = 0; i < writes.size(); i++) {
            assertNull(writes.get(i).cause(), "write of " + pdus.get(i).opcode());
            assertTrue(writes.get(i).isSuccess(), "write of " + pdus.get(i).opcode() + " done");
        }
        ByteBuf all = Unpooled.buffer();
        for (Object o; (o = channel.readOutbound()) != null; ) {
            ByteBuf part = (ByteBuf) o;
            all.writeBytes(part);
            part.release();
        }
        assertFalse(channel.finish());
        byte[] bytes = new byte[all.readableBytes()];
        all.readBytes(bytes);
        return bytes;
    }

    /** Length on the wire computed from the decoded PDUs and the framing in force for each. */
    private static long wireLength(List<Pdu> pdus, FramingParameters afterLogin) {
        long total = 0;
        FramingParameters f = FramingParameters.LOGIN;
        for (Pdu pdu : pdus) {
            int data = pdu.data().readableBytes();
            total += PduCodec.headerLength(pdu) + (f.headerDigest() ? 4 : 0) + data + PduCodec.padding(data)
                    + (f.dataDigest() && data > 0 ? 4 : 0);
            if (Captures.isLastLoginPdu(pdu)) {
                f = afterLogin;
            }
        }
        return total;
    }

    /** Compares byte arrays and reports the first difference (the streams are too long to print). */
    private static void assertSameBytes(byte[] expected, byte[] actual) {
        int n = Math.min(expected.length, actual.length);
        for (int i = 0; i < n; i++) {
            if (expected[i] != actual[i]) {
                fail(String.format("re-encoded stream differs at byte %d: 0x%02x instead of 0x%02x", i,
                        actual[i] & 0xff, expected[i] & 0xff));
            }
        }
        assertEquals(expected.length, actual.length, "re-encoded stream length");
    }

    /** Releases every PDU, then checks that no data buffer (nor the cumulation under it) is left. */
    private static void releaseAll(List<Pdu> pdus) {
        for (Pdu pdu : pdus) {
            pdu.release();
        }
        for (Pdu pdu : pdus) {
            assertTrue(pdu.data() == Unpooled.EMPTY_BUFFER || pdu.data().refCnt() == 0,
                    "data of " + pdu.opcode() + " fully released");
        }
    }

    @ParameterizedTest(name = "{0} in chunks of {1}")
    @MethodSource("connectionsAndChunkSizes")
    void initiatorStreamDecodesAndReencodesIdentically(Captures.Connection c, int chunk) {
        FramingParameters after = c.initiatorFramingAfterLogin();
        List<Pdu> pdus = decode(c.initiatorBytes(), after, chunk);
        try {
            assertTrue(pdus.get(0) instanceof LoginRequest, "starts with a Login Request");
            for (Pdu pdu : pdus) {
                assertFalse(pdu.opcode().fromTarget(), "initiator sent " + pdu.opcode());
            }
            assertEquals(c.initiatorBytes().length, wireLength(pdus, after));
            assertSameBytes(c.initiatorBytes(), encode(pdus, after));
        } finally {
            releaseAll(pdus);
        }
    }

    @ParameterizedTest(name = "{0} in chunks of {1}")
    @MethodSource("connectionsAndChunkSizes")
    void targetStreamDecodesAndReencodesIdentically(Captures.Connection c, int chunk) {
        FramingParameters after = c.targetFramingAfterLogin();
        List<Pdu> pdus = decode(c.targetBytes(), after, chunk);
        try {
            assertTrue(pdus.get(0) instanceof LoginResponse, "starts with a Login Response");
            for (Pdu pdu : pdus) {
                assertTrue(pdu.opcode().fromTarget(), "target sent " + pdu.opcode());
            }
            assertEquals(c.targetBytes().length, wireLength(pdus, after));
            assertSameBytes(c.targetBytes(), encode(pdus, after));
        } finally {
            releaseAll(pdus);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("connections")
    void conversationIsConsistent(Captures.Connection c) {
        FramingParameters initiatorFraming = c.initiatorFramingAfterLogin();
        FramingParameters targetFraming = c.targetFramingAfterLogin();
        // tgtd applies a target's HeaderDigest setting to normal sessions only; the discovery
        // session (iscsi-ls-c1) answers HeaderDigest=None.
        boolean discovery = "Discovery".equals(c.initiatorLoginKeys().get("SessionType"));
        assertEquals(c.name().endsWith("iscsi-ls-c1"), discovery, "discovery session " + c.name());
        assertEquals(c.name().startsWith("hdigest-") && !discovery, initiatorFraming.headerDigest(),
                "header digest negotiated in " + c.name());
        assertFalse(initiatorFraming.dataDigest(), "libiscsi never negotiates data digests");
        List<Pdu> requests = decode(c.initiatorBytes(), initiatorFraming, WHOLE);
        List<Pdu> responses = decode(c.targetBytes(), targetFraming, WHOLE);
        try {
            Set<Integer> requestTags = new HashSet<>();
            Set<Opcode> requestOpcodes = EnumSet.noneOf(Opcode.class);
            for (Pdu pdu : requests) {
                requestTags.add(pdu.initiatorTaskTag());
                requestOpcodes.add(pdu.opcode());
            }
            Set<Opcode> responseOpcodes = EnumSet.noneOf(Opcode.class);
            for (Pdu pdu : responses) {
                responseOpcodes.add(pdu.opcode());
                if (pdu.initiatorTaskTag() != Pdu.RESERVED_TAG) {
                    assertTrue(requestTags.contains(pdu.initiatorTaskTag()), String.format(
                            "%s answers ITT 0x%08x, which the initiator used", pdu.opcode(), pdu.initiatorTaskTag()));
                }
                if (pdu instanceof TargetPdu) {
                    TargetPdu t = (TargetPdu) pdu;
                    assertTrue(SerialNumbers.lessOrEqual(t.expCmdSn() - 1, t.maxCmdSn()),
                            "MaxCmdSN at least ExpCmdSN - 1 in " + pdu);
                }
            }
            assertExpectedExchange(c.name(), requestOpcodes, responseOpcodes);
            if (initiatorFraming.headerDigest()) {
                assertTrue(requests.size() > requestsInLogin(requests), "PDUs with header digests were decoded");
            }
        } finally {
            releaseAll(requests);
            releaseAll(responses);
        }
    }

    private static int requestsInLogin(List<Pdu> pdus) {
        int n = 0;
        for (Pdu pdu : pdus) {
            n++;
            if (Captures.isLastLoginPdu(pdu)) {
                break;
            }
        }
        return n;
    }

    private static void assertExpectedExchange(String name, Set<Opcode> requests, Set<Opcode> responses) {
        assertTrue(requests.contains(Opcode.LOGIN_REQUEST) && responses.contains(Opcode.LOGIN_RESPONSE), name);
        String client = name.substring(name.indexOf('-') + 1);
        if (client.equals("iscsi-ls-c1")) {
            assertTrue(requests.contains(Opcode.TEXT_REQUEST), name + ": SendTargets");
            assertTrue(responses.contains(Opcode.TEXT_RESPONSE), name + ": SendTargets answer");
        } else {
            assertTrue(requests.contains(Opcode.SCSI_COMMAND), name + ": SCSI commands");
            assertTrue(responses.contains(Opcode.SCSI_RESPONSE) || responses.contains(Opcode.DATA_IN),
                    name + ": SCSI status");
        }
        if (client.startsWith("qemu-io")) {
            assertTrue(requests.contains(Opcode.DATA_OUT), name + ": Data-Out after R2T");
            assertTrue(responses.contains(Opcode.R2T), name + ": R2T for the 200 KiB write");
            assertTrue(responses.contains(Opcode.DATA_IN), name + ": Data-In for the read");
        }
        // qemu-io and the LUN-listing session of iscsi-ls close the socket without logging out.
        if (!client.startsWith("qemu-io") && !client.equals("iscsi-ls-c2")) {
            assertTrue(requests.contains(Opcode.LOGOUT_REQUEST), name + ": logout");
            assertTrue(responses.contains(Opcode.LOGOUT_RESPONSE), name + ": logout response");
        }
    }
}
