package io.lunbridge.bridge.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** Byte vectors of generic netlink messages as laid out by netlink.h / genetlink.h / nbd-netlink.h (x86-64, little endian). */
class NetlinkCodecTest {
    private final NetlinkCodec codec = new NetlinkCodec(ByteOrder.LITTLE_ENDIAN);

    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replace(" ", "").replace("|", ""));
    }

    @Test
    void getFamilyRequestForNbd() {
        byte[] msg = codec.encodeGenl(GenlSocket.GENL_ID_CTRL, NetlinkCodec.NLM_F_REQUEST | NetlinkCodec.NLM_F_ACK, 1,
                GenlSocket.CTRL_CMD_GETFAMILY, GenlSocket.CTRL_VERSION,
                List.of(NetlinkAttribute.string(GenlSocket.CTRL_ATTR_FAMILY_NAME, "nbd")));
        // nlmsghdr: len 28, type 0x10, flags REQUEST|ACK, seq 1, pid 0 | genlmsghdr: cmd 3, version 2
        // | nlattr len 8 type 2 "nbd\0"
        assertArrayEquals(hex("1c000000 1000 0500 01000000 00000000 | 03 02 0000 | 0800 0200 6e626400"), msg);
    }

    @Test
    void stringAttributeIsPaddedToFourBytes() {
        byte[] msg = codec.encodeGenl(0x10, 1, 0, 3, 2, List.of(NetlinkAttribute.string(2, "nlctrl")));
        // "nlctrl\0" is 7 bytes: nla_len 11, one byte of padding
        assertArrayEquals(hex("20000000 1000 0100 00000000 00000000 | 03 02 0000 | 0b00 0200 6e6c6374726c00 00"), msg);
    }

    @Test
    void nbdConnectRequestLetsTheKernelPickTheDevice() {
        DeviceParameters p = new DeviceParameters(64L << 20, 512, 0x0d0d, 0, 0);
        byte[] msg = codec.encodeGenl(0x1b, NetlinkCodec.NLM_F_REQUEST | NetlinkCodec.NLM_F_ACK, 7, NbdGenl.CMD_CONNECT,
                NbdGenl.VERSION, NbdGenl.connect(OptionalInt.empty(), 5, p));
        assertArrayEquals(hex("60000000 1b00 0500 07000000 00000000 | 01 01 0000"
                + "| 0c00 0200 0000000400000000"      // SIZE_BYTES 64 MiB
                + "| 0c00 0300 0002000000000000"      // BLOCK_SIZE_BYTES 512
                + "| 0c00 0500 0d0d000000000000"      // SERVER_FLAGS
                + "| 0c00 0400 0000000000000000"      // TIMEOUT 0
                + "| 0c00 0800 0000000000000000"      // DEAD_CONN_TIMEOUT 0
                + "| 1000 0780 | 0c00 0180 | 0800 0100 05000000"), msg); // SOCKETS { ITEM { FD 5 } }, NLA_F_NESTED
    }

    @Test
    void nbdConnectCarriesTheBackendIdentifierAndReconfigureRepeatsItWithTheDevice() {
        DeviceParameters p = new DeviceParameters(64L << 20, 512, 0x0d0d, 0, 150);
        String id = "lunbridge:iqn.2026-11.io.lunbridge.it:kernel:1";
        byte[] c = codec.encodeGenl(0x1b, 5, 2, NbdGenl.CMD_CONNECT, 1, NbdGenl.connect(OptionalInt.empty(), 5, p, id));
        GenlReply connect = codec.genl(codec.decode(ByteBuffer.wrap(c).order(ByteOrder.LITTLE_ENDIAN)).get(0), "echo");
        assertEquals(Optional.empty(), connect.attributes().u32(NbdGenl.ATTR_INDEX, "INDEX"));
        assertEquals(Optional.of(id), connect.attributes().string(NbdGenl.ATTR_BACKEND_IDENTIFIER));
        assertEquals(Optional.empty(), NbdGenl.connect(OptionalInt.empty(), 5, p).stream()
                .filter(a -> a.type() == NbdGenl.ATTR_BACKEND_IDENTIFIER).findFirst(), "no identifier: no attribute");

        byte[] r = codec.encodeGenl(0x1b, 5, 3, NbdGenl.CMD_RECONFIGURE, 1, NbdGenl.reconfigure(4, 8, p, id));
        GenlReply reconf = codec.genl(codec.decode(ByteBuffer.wrap(r).order(ByteOrder.LITTLE_ENDIAN)).get(0), "echo");
        assertEquals(NbdGenl.CMD_RECONFIGURE, reconf.cmd());
        assertEquals(4L, reconf.attributes().u32(NbdGenl.ATTR_INDEX, "INDEX").orElseThrow());
        assertEquals(Optional.of(id), reconf.attributes().string(NbdGenl.ATTR_BACKEND_IDENTIFIER));
        assertEquals(64L << 20, reconf.attributes().u64(NbdGenl.ATTR_SIZE_BYTES, "SIZE").orElseThrow());
        assertEquals(150L, reconf.attributes().u64(NbdGenl.ATTR_DEAD_CONN_TIMEOUT, "DEAD").orElseThrow());
        assertEquals(8L, reconf.attributes().nested(NbdGenl.ATTR_SOCKETS, "SOCKETS").get(0)
                .nested(NbdGenl.SOCK_ITEM, "ITEM").get(0).u32(NbdGenl.SOCK_FD, "FD").orElseThrow());
        assertEquals("NBD_CMD_RECONFIGURE of /dev/nbd4 without a backend identifier", assertThrows(
                IllegalArgumentException.class, () -> NbdGenl.reconfigure(4, 8, p, "")).getMessage());
    }

    @Test
    void nbdConnectRequestWithAChosenDevice() {
        DeviceParameters p = new DeviceParameters(4096, 4096, 1, 30, 10);
        byte[] msg = codec.encodeGenl(0x1b, 5, 2, NbdGenl.CMD_CONNECT, 1, NbdGenl.connect(OptionalInt.of(3), 9, p));
        ByteBuffer b = ByteBuffer.wrap(msg).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(msg.length, b.getInt(0));
        // first attribute after the genl header: INDEX (u32) = 3
        assertArrayEquals(hex("0800 0100 03000000"), java.util.Arrays.copyOfRange(msg, 20, 28));
        GenlReply parsed = codec.genl(codec.decode(ByteBuffer.wrap(msg).order(ByteOrder.LITTLE_ENDIAN)).get(0), "echo");
        assertEquals(30L, parsed.attributes().u64(NbdGenl.ATTR_TIMEOUT, "TIMEOUT").orElseThrow());
        assertEquals(10L, parsed.attributes().u64(NbdGenl.ATTR_DEAD_CONN_TIMEOUT, "DEAD").orElseThrow());
        assertEquals(4096L, parsed.attributes().u64(NbdGenl.ATTR_BLOCK_SIZE_BYTES, "BS").orElseThrow());
        NetlinkAttributes item = parsed.attributes().nested(NbdGenl.ATTR_SOCKETS, "SOCKETS").get(0)
                .nested(NbdGenl.SOCK_ITEM, "ITEM").get(0);
        assertEquals(9L, item.u32(NbdGenl.SOCK_FD, "FD").orElseThrow());
    }

    @Test
    void disconnectRequest() {
        byte[] msg = codec.encodeGenl(0x1b, 5, 3, NbdGenl.CMD_DISCONNECT, 1, NbdGenl.device(0));
        assertArrayEquals(hex("1c000000 1b00 0500 03000000 00000000 | 02 01 0000 | 0800 0100 00000000"), msg);
    }

    @Test
    void connectReplyThenAck() {
        // genl reply (type 0x1b, cmd CONNECT, INDEX 2) followed by NLMSG_ERROR 0 echoing the request header
        byte[] datagram = hex("1c000000 1b00 0000 07000000 d2040000 | 01 01 0000 | 0800 0100 02000000"
                + "24000000 0200 0001 07000000 d2040000 | 00000000 | 60000000 1b00 0500 07000000 00000000");
        List<NetlinkMessage> ms = codec.decode(ByteBuffer.wrap(datagram));
        assertEquals(2, ms.size());
        assertFalse(ms.get(0).isError());
        assertEquals(7, ms.get(0).seq());
        assertEquals(1234, ms.get(0).portId());
        assertEquals(2, NbdGenl.connectedIndex(List.of(codec.genl(ms.get(0), "NBD_CMD_CONNECT reply"))));
        assertTrue(ms.get(1).isError());
        assertEquals(0, codec.errno(ms.get(1)));
    }

    @Test
    void errorReplyCarriesNegativeErrno() {
        byte[] datagram = hex("24000000 0200 0000 07000000 00000000 | f0ffffff | 60000000 1b00 0500 07000000 00000000");
        NetlinkMessage m = codec.decode(ByteBuffer.wrap(datagram)).get(0);
        assertEquals(Errno.EBUSY, codec.errno(m));
        ErrnoException e = NetlinkDriver.withDevice(
                new ErrnoException("netlink NBD_CMD_CONNECT failed: " + Errno.name(codec.errno(m)), codec.errno(m)),
                OptionalInt.of(0));
        assertEquals("netlink NBD_CMD_CONNECT failed: EBUSY (device /dev/nbd0 in use)", e.getMessage());
        assertEquals("errno 200", Errno.name(200));
    }

    @Test
    void statusReplyListsDevices() {
        // DEVICE_LIST { ITEM { INDEX 0, CONNECTED 1 }, ITEM { INDEX 1, CONNECTED 0 } }
        byte[] datagram = hex("40000000 1b00 0000 05000000 00000000 | 05 01 0000"
                + "| 2c00 0980 | 1400 0180 | 0800 0100 00000000 | 0500 0200 01 000000"
                + "| 1400 0180 | 0800 0100 01000000 | 0500 0200 00 000000");
        GenlReply r = codec.genl(codec.decode(ByteBuffer.wrap(datagram)).get(0), "NBD_CMD_STATUS reply");
        assertEquals(List.of(new NbdGenl.DeviceStatus(0, true), new NbdGenl.DeviceStatus(1, false)),
                NbdGenl.statusList(List.of(r)));
    }

    @Test
    void familyIdFromControllerReply() {
        byte[] datagram = hex("24000000 1000 0000 01000000 00000000 | 01 02 0000 | 0600 0100 1b00 0000 | 0800 0200 6e626400");
        GenlReply r = codec.genl(codec.decode(ByteBuffer.wrap(datagram)).get(0), "CTRL_CMD_GETFAMILY reply");
        assertEquals(0x1b, r.attributes().u16(GenlSocket.CTRL_ATTR_FAMILY_ID, "CTRL_ATTR_FAMILY_ID").orElseThrow());
        assertEquals("nbd", r.attributes().string(GenlSocket.CTRL_ATTR_FAMILY_NAME).orElseThrow());
    }

    /** The decoder-error convention: the field as netlink.h names it, its offset in the datagram. */
    private static void assertField(NetlinkFormatException e, String field, int offset, String message) {
        assertEquals(field, e.field(), e.getMessage());
        assertEquals(offset, e.offset(), e.getMessage());
        assertEquals(message, e.getMessage());
    }

    @Test
    void truncatedMessageLengthIsNamed() {
        byte[] datagram = hex("40000000 1b00 0000 05000000 00000000 | 05 01 0000");
        assertField(assertThrows(NetlinkFormatException.class, () -> codec.decode(ByteBuffer.wrap(datagram))),
                "nlmsg_len", 0, "netlink datagram: nlmsg_len at offset 0: 64 but 20 bytes remain");
    }

    @Test
    void theSecondMessagesLengthIsNamedAtItsOffsetInTheDatagram() {
        byte[] datagram = hex("14000000 1b00 0000 05000000 00000000 | 05 01 0000"
                + "| 08000000 1b00 0000 06000000 00000000");
        assertField(assertThrows(NetlinkFormatException.class, () -> codec.decode(ByteBuffer.wrap(datagram))),
                "nlmsg_len", 20, "netlink datagram: nlmsg_len at offset 20: 8 is shorter than the 16-byte header");
    }

    @Test
    void trailingGarbageIsNamed() {
        byte[] datagram = hex("14000000 1b00 0000 05000000 00000000 | 05 01 0000 | 0102");
        assertField(assertThrows(NetlinkFormatException.class, () -> codec.decode(ByteBuffer.wrap(datagram))),
                "nlmsghdr", 20, "netlink datagram: nlmsghdr at offset 20: 2 trailing bytes, shorter than a header");
    }

    @Test
    void attributeLongerThanMessageIsNamed() {
        byte[] datagram = hex("1c000000 1b00 0000 07000000 00000000 | 01 01 0000 | 0c00 0100 02000000");
        NetlinkMessage m = codec.decode(ByteBuffer.wrap(datagram)).get(0);
        assertField(assertThrows(NetlinkFormatException.class, () -> codec.genl(m, "NBD_CMD_CONNECT reply")),
                "nla_len", 20, "NBD_CMD_CONNECT reply: nla_len at offset 20: attribute type 1 has length 12 but 8 bytes remain");
    }

    @Test
    void aTruncatedAttributeHeaderIsNamed() {
        NetlinkMessage m = codec.decode(ByteBuffer.wrap(hex("1e000000 1b00 0000 07000000 00000000 | 01 01 0000"
                + "| 0800 0100 02000000 | 0200 0000"))).get(0);
        assertField(assertThrows(NetlinkFormatException.class, () -> codec.genl(m, "NBD_CMD_CONNECT reply")),
                "nlattr", 28, "NBD_CMD_CONNECT reply: nlattr at offset 28: 2 trailing bytes after the attributes, "
                        + "shorter than an attribute header");
    }

    @Test
    void aBadNestedAttributeIsNamedAtItsOffsetInTheDatagram() {
        // NBD_CMD_STATUS reply: DEVICE_LIST { DEVICE_ITEM { nla_len 2 } }
        byte[] datagram = hex("20000000 1b00 0000 07000000 00000000 | 05 01 0000 | 0c00 0980 | 0800 0180 | 0200 0100");
        GenlReply r = codec.genl(codec.decode(ByteBuffer.wrap(datagram)).get(0), "NBD_CMD_STATUS reply");
        assertField(assertThrows(NetlinkFormatException.class, () -> NbdGenl.statusList(List.of(r))), "nla_len", 28,
                "NBD_CMD_STATUS reply NBD_ATTR_DEVICE_LIST NBD_DEVICE_ITEM: nla_len at offset 28: attribute type 1 has "
                        + "length 2, shorter than its header");
    }

    @Test
    void attributeOfWrongSizeIsNamed() {
        byte[] datagram = hex("1c000000 1b00 0000 07000000 00000000 | 01 01 0000 | 0600 0100 0200 0000");
        GenlReply r = codec.genl(codec.decode(ByteBuffer.wrap(datagram)).get(0), "NBD_CMD_CONNECT reply");
        assertField(assertThrows(NetlinkFormatException.class, () -> NbdGenl.connectedIndex(List.of(r))),
                "NBD_ATTR_INDEX", 20, "NBD_CMD_CONNECT reply: NBD_ATTR_INDEX at offset 20: attribute type 1 has 2 bytes, "
                        + "expected 4");
    }

    @Test
    void connectReplyWithoutIndexIsAnError() {
        byte[] datagram = hex("14000000 1b00 0000 07000000 00000000 | 01 01 0000");
        GenlReply r = codec.genl(codec.decode(ByteBuffer.wrap(datagram)).get(0), "NBD_CMD_CONNECT reply");
        assertField(assertThrows(NetlinkFormatException.class, () -> NbdGenl.connectedIndex(List.of(r))),
                "NBD_ATTR_INDEX", -1, "NBD_CMD_CONNECT reply: NBD_ATTR_INDEX: attribute missing");
    }

    @Test
    void aGenericReplyWithoutItsHeaderIsNamed() {
        NetlinkMessage m = codec.decode(ByteBuffer.wrap(hex("12000000 1b00 0000 07000000 00000000 | 0101 0000"))).get(0);
        assertField(assertThrows(NetlinkFormatException.class, () -> codec.genl(m, "NBD_CMD_CONNECT reply")),
                "genlmsghdr", 16, "NBD_CMD_CONNECT reply: genlmsghdr at offset 16: payload of 2 bytes has no genlmsghdr");
    }

    @Test
    void errorOnNonErrorMessage() {
        NetlinkMessage m = codec.decode(ByteBuffer.wrap(hex("14000000 1b00 0000 07000000 00000000 | 01 01 0000"))).get(0);
        assertField(assertThrows(NetlinkFormatException.class, () -> codec.errno(m)), "nlmsg_type", 4,
                "netlink message: nlmsg_type at offset 4: 27 is not NLMSG_ERROR");
    }

    @Test
    void aShortErrorMessageIsNamed() {
        NetlinkMessage m = codec.decode(ByteBuffer.wrap(hex("12000000 0200 0000 07000000 00000000 | f0ff 0000"))).get(0);
        assertField(assertThrows(NetlinkFormatException.class, () -> codec.errno(m)), "nlmsgerr.error", 16,
                "NLMSG_ERROR: nlmsgerr.error at offset 16: payload is 2 bytes, expected at least 4");
    }

    @Test
    void badAttributeValuesAreRefused() {
        assertEquals("netlink attribute 1: value 65536 is not in 0..65535",
                assertThrows(IllegalArgumentException.class, () -> NetlinkAttribute.u16(1, 65536)).getMessage());
        assertEquals("netlink attribute 1: value -1 is not in 0..4294967295",
                assertThrows(IllegalArgumentException.class, () -> NetlinkAttribute.u32(1, -1)).getMessage());
        assertEquals("netlink attribute type 0 is not in 1..16383",
                assertThrows(IllegalArgumentException.class, () -> NetlinkAttribute.u8(0, 1)).getMessage());
        assertEquals("netlink attribute 2: string contains NUL",
                assertThrows(IllegalArgumentException.class, () -> NetlinkAttribute.string(2, "a\0b")).getMessage());
        assertEquals("netlink family id 65536 is not in 0..65535", assertThrows(IllegalArgumentException.class,
                () -> codec.encodeGenl(65536, 1, 1, 1, 1, List.of())).getMessage());
    }

    @Test
    void badDeviceParametersAreRefused() {
        assertEquals("block size 1000 is not a power of two between 512 and 65536",
                assertThrows(IllegalArgumentException.class, () -> new DeviceParameters(4096, 1000, 1, 0, 0)).getMessage());
        assertEquals("device size 1000 is not a positive multiple of the block size 512",
                assertThrows(IllegalArgumentException.class, () -> new DeviceParameters(1000, 512, 1, 0, 0)).getMessage());
        assertEquals("timeouts must not be negative: timeout -1 s, dead connection timeout 0 s",
                assertThrows(IllegalArgumentException.class, () -> new DeviceParameters(4096, 512, 1, -1, 0)).getMessage());
    }
}
