package io.lunbridge.bridge.fuse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Byte vectors for the FUSE codec, laid out by hand from the kernel's include/uapi/linux/fuse.h. */
class FuseCodecTest {
    private final FuseRequestDecoder decoder = new FuseRequestDecoder();
    private final FuseReplyEncoder encoder = new FuseReplyEncoder(UnpooledByteBufAllocator.DEFAULT);

    private static ByteBuf hex(String s) {
        return Unpooled.wrappedBuffer(ByteBufUtil.decodeHexDump(s.replace(" ", "").replace("\n", "")));
    }

    private static String hexOf(ByteBuf b) {
        try {
            return ByteBufUtil.hexDump(b);
        } finally {
            b.release();
        }
    }

    // fuse_in_header: len, opcode, unique(8), nodeid(8), uid, gid, pid, total_extlen(2), padding(2)
    private static String header(int len, int opcode, int unique, int node) {
        return le32(len) + le32(opcode) + le32(unique) + "00000000" + le32(node) + "00000000"
                + "e8030000" + "e8030000" + "39300000" + "00000000";
    }

    private static String le32(int v) {
        return String.format("%02x%02x%02x%02x", v & 0xff, (v >> 8) & 0xff, (v >> 16) & 0xff, (v >>> 24) & 0xff);
    }

    @Test
    void initFromA745KernelWithFlags2() throws Exception {
        // fuse_init_in: major 7, minor 45, max_readahead 128 KiB, flags with FUSE_INIT_EXT, flags2 = 0x13, unused[11]
        ByteBuf frame = hex(header(104, 26, 2, 0) + "07000000 2d000000 00000200 ffffffff 13000000" + "00".repeat(44));
        FuseRequest.Init init = assertInstanceOf(FuseRequest.Init.class, decoder.decode(frame));
        assertEquals(new FuseInHeader(104, 26, 2, 0, 1000, 1000, 12345), init.header());
        assertEquals(7, init.major());
        assertEquals(45, init.minor());
        assertEquals(0x20000, init.maxReadahead());
        assertEquals(0x13_ffffffffL, init.flags());
    }

    @Test
    void writeCarriesItsDataAsARetainedSlice() throws Exception {
        // fuse_write_in: fh 7, offset 0x1000, size 4, write_flags 0, lock_owner 0, flags 0x8002, padding; data "abcd"
        ByteBuf frame = hex(header(84, 16, 9, 2) + "0700000000000000 0010000000000000 04000000 00000000"
                + "0000000000000000 02800000 00000000" + "61626364");
        FuseRequest.Write w = assertInstanceOf(FuseRequest.Write.class, decoder.decode(frame));
        assertEquals(7, w.fh());
        assertEquals(4096, w.offset());
        assertEquals("abcd", w.data().toString(StandardCharsets.US_ASCII));
        frame.release();
        assertEquals(1, w.data().refCnt(), "the slice keeps the frame alive for the device");
        w.data().release();
    }

    @Test
    void readReaddirLookupFsyncFallocate() throws Exception {
        FuseRequest.Read r = assertInstanceOf(FuseRequest.Read.class, decoder.decode(hex(header(80, 15, 3, 2)
                + "0000000000000000 0000100000000000 00000100 00000000 0000000000000000 00000000 00000000")));
        assertEquals(0x10_0000L, r.offset());
        assertEquals(65536, r.size());
        assertEquals(false, r.directory());
        assertTrue(((FuseRequest.Read) decoder.decode(hex(header(80, 28, 3, 1) + "00".repeat(40)))).directory());
        FuseRequest.Lookup l = assertInstanceOf(FuseRequest.Lookup.class,
                decoder.decode(hex(header(45, 1, 4, 1) + "6c756e3100")));
        assertEquals("lun1", l.name());
        FuseRequest.Fsync f = assertInstanceOf(FuseRequest.Fsync.class,
                decoder.decode(hex(header(56, 20, 5, 2) + "0200000000000000 01000000 00000000")));
        assertEquals(1, f.fsyncFlags());
        FuseRequest.Fallocate fa = assertInstanceOf(FuseRequest.Fallocate.class, decoder.decode(hex(header(72, 43, 6, 2)
                + "0000000000000000 0002000000000000 0010000000000000 03000000 00000000")));
        assertEquals(512, fa.offset());
        assertEquals(4096, fa.length());
        assertEquals(FuseRequest.Fallocate.KEEP_SIZE | FuseRequest.Fallocate.PUNCH_HOLE, fa.mode());
        assertInstanceOf(FuseRequest.Unsupported.class, decoder.decode(hex(header(40, 999, 7, 1))));
        assertInstanceOf(FuseRequest.Unsupported.class, decoder.decode(hex(header(48, 46, 7, 2) + "00".repeat(8))));
    }

    /** The decoder-error convention: the field as fuse.h names it, its offset from the start of the request. */
    private void assertRefused(String hex, String field, int offset, String message) {
        FuseFormatException e = assertThrows(FuseFormatException.class, () -> decoder.decode(hex(hex)));
        assertEquals(field, e.field(), e.getMessage());
        assertEquals(offset, e.offset(), e.getMessage());
        assertTrue(e.getMessage().startsWith(message), e.getMessage());
    }

    @Test
    void aTruncatedHeaderNamesFuseInHeader() {
        assertRefused("0800000001000000", "fuse_in_header", 0, "fuse_in_header at offset 0: 8 bytes, need 40");
    }

    @Test
    void aLengthOtherThanTheBytesReadNamesTheLenField() {
        assertRefused(header(41, 3, 1, 1), "fuse_in_header.len", 0,
                "fuse_in_header.len at offset 0: 41 does not match the 40 bytes read");
    }

    @Test
    void aTruncatedArgumentStructIsNamedAtOffset40() {
        assertRefused(header(48, 15, 3, 2) + "00".repeat(8), "fuse_read_in", 40,
                "fuse_read_in at offset 40: 8 argument bytes, need 40 (opcode 15, unique 3)");
    }

    @Test
    void aReadBeyondTheLimitNamesTheSizeFieldAtOffset56() {
        assertRefused(header(80, 15, 3, 2) + "00".repeat(16) + le32(FuseRequestDecoder.MAX_READ_BYTES + 1)
                + "00".repeat(20), "fuse_read_in.size", 56, "fuse_read_in.size at offset 56: 33554433 is too large");
    }

    @Test
    void aWriteSizeOtherThanItsDataNamesTheSizeFieldAtOffset56() {
        assertRefused(header(84, 16, 9, 2) + "00".repeat(16) + "05000000" + "00".repeat(20) + "61626364",
                "fuse_write_in.size", 56, "fuse_write_in.size at offset 56: 5 does not match the 4 data bytes (unique 9)");
    }

    @Test
    void aNegativeWriteOffsetNamesTheOffsetFieldAtOffset48() {
        assertRefused(header(84, 16, 9, 2) + "00".repeat(8) + "ffffffffffffffff" + "04000000" + "00".repeat(20)
                + "61626364", "fuse_write_in.offset", 48, "fuse_write_in.offset at offset 48: 18446744073709551615 is "
                + "negative");
    }

    @Test
    void aLookupNameWithoutNulIsNamedAtOffset40() {
        assertRefused(header(44, 1, 4, 1) + "6c756e31", "lookup name", 40,
                "lookup name at offset 40: not NUL-terminated (unique 4, 4 bytes)");
    }

    @Test
    void aBatchForgetCountBeyondTheRequestNamesTheCountField() {
        assertRefused(header(56, 42, 8, 0) + "03000000 00000000" + "00".repeat(8), "fuse_batch_forget_in.count", 40,
                "fuse_batch_forget_in.count at offset 40: 3 needs 56");
    }

    @Test
    void aFallocateLengthOutOfRangeNamesTheLengthField() {
        assertRefused(header(72, 43, 6, 2) + "0000000000000000 0002000000000000 00000000000000f0 00000000 00000000",
                "fuse_fallocate_in.length", 56, "fuse_fallocate_in.length at offset 56: offset 512 length");
    }

    @Test
    void replyLayouts() {
        // fuse_out_header: len 16, error -2, unique 0x0102030405060708
        assertEquals("10000000" + "feffffff" + "0807060504030201", hexOf(encoder.error(0x0102030405060708L, 2)));
        assertEquals("18000000" + "00000000" + "0900000000000000" + "00100000" + "00000000", hexOf(encoder.write(9, 4096)));
        assertEquals("20000000" + "00000000" + "0500000000000000" + "0200000000000000" + "41000000" + "00000000",
                hexOf(encoder.open(5, 2, 0x41)));
        ByteBuf init = encoder.init(1, new FuseInitReply(7, 38, 0x20000, 0x1_0000_8021L, 128, 96, 1 << 20, 256));
        assertEquals(16 + 64, init.readableBytes());
        assertEquals("50000000" + "00000000" + "0100000000000000" + "07000000" + "26000000" + "00000200" + "21800000"
                + "8000" + "6000" + "00001000" + "01000000" + "0001" + "0000" + "01000000" + "00".repeat(28), hexOf(init));
        ByteBuf entry = encoder.entry(3, new FuseAttr(2, 8192, FuseAttr.S_IFREG | 0600, 1, 4096, 1_700_000_000L), 60);
        assertEquals(16 + 128, entry.readableBytes());
        assertEquals(2, entry.getLongLE(16), "nodeid");
        assertEquals(60, entry.getLongLE(32), "entry_valid");
        assertEquals(8192, entry.getLongLE(56 + 8), "attr.size");
        assertEquals(16, entry.getLongLE(56 + 16), "attr.blocks in 512-byte units");
        assertEquals(0100600, entry.getIntLE(56 + 60), "attr.mode");
        assertEquals(4096, entry.getIntLE(56 + 80), "attr.blksize");
        entry.release();
        assertThrows(IllegalArgumentException.class, () -> encoder.error(1, 0));
    }

    @Test
    void readdirPadsEntriesAndResumesAtTheOffsetTheKernelSendsBack() {
        List<FuseReplyEncoder.Dirent> all = List.of(new FuseReplyEncoder.Dirent(1, ".", FuseReplyEncoder.DT_DIR),
                new FuseReplyEncoder.Dirent(1, "..", FuseReplyEncoder.DT_DIR),
                new FuseReplyEncoder.Dirent(2, "lun1", FuseReplyEncoder.DT_REG));
        ByteBuf first = encoder.readdir(1, all, 0, 64); // two 32-byte entries fit, the third does not
        assertEquals("50000000" + "00000000" + "0100000000000000"
                + "0100000000000000" + "0100000000000000" + "01000000" + "04000000" + "2e" + "00".repeat(7)
                + "0100000000000000" + "0200000000000000" + "02000000" + "04000000" + "2e2e" + "00".repeat(6), hexOf(first));
        ByteBuf rest = encoder.readdir(1, all, 2, 4096);
        assertEquals(16 + 32, rest.getIntLE(0));
        assertEquals(3, rest.getLongLE(16 + 8), "off of the last entry");
        rest.release();
        ByteBuf end = encoder.readdir(1, all, 3, 4096);
        assertEquals(16, end.getIntLE(0), "end of directory: empty reply");
        end.release();
    }

    @Test
    void negotiationAsksOnlyForOfferedFlagsAndNeverTheWritebackCache() throws Exception {
        FuseInitNegotiation n = new FuseInitNegotiation(1 << 20, 128);
        FuseInHeader h = new FuseInHeader(104, 26, 1, 0, 0, 0, 0);
        FuseInitReply r = n.answer(new FuseRequest.Init(h, 7, 45, 0x20000, 0xffff_ffffL));
        assertEquals(38, r.minor());
        assertEquals(FuseInitNegotiation.ASYNC_READ | FuseInitNegotiation.BIG_WRITES | FuseInitNegotiation.ASYNC_DIO
                | FuseInitNegotiation.PARALLEL_DIROPS | FuseInitNegotiation.MAX_PAGES, r.flags());
        assertEquals(0, r.flags() & FuseInitNegotiation.WRITEBACK_CACHE);
        assertEquals(256, r.maxPages());
        assertEquals(1 << 20, r.maxWrite());
        assertEquals(0x20000, r.maxReadahead());
        FuseInitReply partial = n.answer(new FuseRequest.Init(h, 7, 31, 0, FuseInitNegotiation.ASYNC_DIO));
        assertEquals(31, partial.minor());
        assertEquals(FuseInitNegotiation.ASYNC_DIO, partial.flags());
        assertEquals(7, n.answer(new FuseRequest.Init(h, 8, 0, 0, 0)).major(), "newer major: answer 7 and wait");
        assertEquals("fuse_init_in.major at offset 40: version 7.19: need 7.22 or later (asynchronous direct I/O)", assertThrows(
                FuseFormatException.class, () -> n.answer(new FuseRequest.Init(h, 7, 19, 0, 0))).getMessage());
        assertThrows(IllegalArgumentException.class, () -> new FuseInitNegotiation(4000, 1));
        assertThrows(IllegalArgumentException.class, () -> new FuseInitNegotiation(2 << 20, 1));
        assertThrows(IllegalArgumentException.class, () -> new FuseServerConfig(1 << 20, 0));
        assertEquals("fd=5,rootmode=40000,user_id=0,group_id=0,allow_other,default_permissions",
                FuseServer.mountOptions(5));
        assertEquals(List.of("losetup", "--find", "--show", "--direct-io=on", "--sector-size", "4096", "--read-only",
                "/m/lun1"), LoopDevice.attachCommand(java.nio.file.Path.of("/m/lun1"), 4096, true));
        assertThrows(IllegalArgumentException.class, () -> LoopDevice.attachCommand(java.nio.file.Path.of("/x"), 520, false));
        assertThrows(IllegalArgumentException.class, () -> new FuseFile("..", null));
        assertThrows(IllegalArgumentException.class, () -> new FuseFile("a/b", null));
    }
}
