package io.lunbridge.protocol.lu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lunbridge.block.BlockIoException;
import io.lunbridge.protocol.scsi.Lun;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.Arrays;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

/** LogicalUnit's mapping of block operations onto SBC commands, against a scripted in-memory disk. */
class LogicalUnitTest {
    private final ScriptedSbcTarget target = new ScriptedSbcTarget(40 * 2048);

    private LogicalUnit open() throws Exception {
        return LogicalUnit.open(target, Lun.ofNumber(1)).get();
    }

    private static byte[] random(int n) {
        byte[] b = new byte[n];
        new Random(n).nextBytes(b);
        return b;
    }

    @Test
    void probeFindsGeometryIdentityAndCapabilities() throws Exception {
        LogicalUnit lu = open();
        assertEquals(40L * 2048 * 512, lu.geometry().sizeBytes());
        assertEquals(512, lu.geometry().logicalBlockSize());
        assertEquals(Optional.of("naa.500000000000002a"), lu.info().identity());
        assertEquals(Optional.of("SN42"), lu.info().serial());
        assertEquals("LUNBRIDG", lu.info().vendor());
        assertTrue(lu.geometry().canFua());
        assertTrue(lu.geometry().volatileCache());
        assertFalse(lu.geometry().writeProtected());
    }

    @Test
    void aWriteRetriedAfterUnitAttentionWritesTheSameDataAndReleasesItOnce() throws Exception {
        LogicalUnit lu = open();
        byte[] data = random(8192);
        ByteBuf buf = Unpooled.copiedBuffer(data);
        target.failNext(0x8a, 6, 0x29, 0);
        lu.write(4096, buf, false).get();
        assertEquals(2, target.count(0x8a), "one UNIT ATTENTION, then the retry");
        assertArrayEquals(data, Arrays.copyOfRange(target.disk, 4096, 4096 + 8192));
        assertEquals(0, buf.refCnt());
    }

    @Test
    void aWriteLargerThanTheTransferLimitIsSplitAndRetriedPiecesStillHaveTheirData() throws Exception {
        LogicalUnit lu = open();
        byte[] data = random(9 * 1024 * 1024);
        ByteBuf buf = Unpooled.copiedBuffer(data);
        target.failNext(0x8a, 6, 0x2a, 9);
        lu.write(0, buf, true).get();
        assertEquals(3, target.count(0x8a), "two 8 MiB-limited pieces, one retried");
        assertArrayEquals(data, Arrays.copyOf(target.disk, data.length));
        assertEquals(0, buf.refCnt());
        ByteBuf read = lu.read(0, data.length).get();
        byte[] got = new byte[data.length];
        read.getBytes(0, got);
        read.release();
        assertArrayEquals(data, got);
    }

    @Test
    void aWriteIsNotAcknowledgedBeforeTheTargetAnswers() throws Exception {
        LogicalUnit lu = open();
        target.gate = new CompletableFuture<>();
        CompletableFuture<Void> w = lu.write(0, Unpooled.copiedBuffer(random(512)), false);
        assertFalse(w.isDone());
        target.gate.complete(null);
        w.get();
    }

    @Test
    void writeZeroesFallsBackToWritesWhenWriteSameIsUnsupported() throws Exception {
        LogicalUnit lu = open();
        Arrays.fill(target.disk, (byte) 0x77);
        lu.writeZeroes(512, 3 * 1024 * 1024, true, false).get();
        assertEquals(1, target.count(0x93), "WRITE SAME tried once, then remembered as unsupported");
        assertTrue(target.count(0x8a) >= 3);
        for (int i = 512; i < 512 + 3 * 1024 * 1024; i++) {
            assertEquals(0, target.disk[i], "byte " + i);
        }
        assertEquals(0x77, target.disk[0]);
        assertEquals(0x77, target.disk[512 + 3 * 1024 * 1024]);
        lu.writeZeroes(0, 512, false, true).get();
        assertEquals(1, target.count(0x93));
        assertEquals(1, target.count(0x91), "FUA zeroing is followed by SYNCHRONIZE CACHE");
    }

    @Test
    void writeSameIsUsedWhereSupported() throws Exception {
        target.writeSameSupported = true;
        LogicalUnit lu = open();
        Arrays.fill(target.disk, (byte) 0x77);
        lu.writeZeroes(0, 1024 * 1024, false, false).get();
        assertEquals(1, target.count(0x93));
        assertEquals(0, target.count(0x8a));
        assertEquals(0, target.disk[1024 * 1024 - 1]);
    }

    @Test
    void scsiErrorsBecomeBlockErrorsNamingTheCommand() throws Exception {
        LogicalUnit lu = open();
        target.failNext(0x88, 3, 0x11, 0);
        ExecutionException e = assertThrows(ExecutionException.class, () -> lu.read(1024, 512).get());
        BlockIoException b = assertInstanceOf(BlockIoException.class, e.getCause());
        assertEquals(BlockIoException.Kind.IO, b.kind());
        assertTrue(b.getMessage().contains("READ(16) LBA 2 x 1"), b.getMessage());
        target.failNext(0x8a, 7, 0x27, 7);
        e = assertThrows(ExecutionException.class, () -> lu.write(0, Unpooled.copiedBuffer(new byte[512]), false).get());
        assertEquals(BlockIoException.Kind.NO_SPACE, ((BlockIoException) e.getCause()).kind());
    }

    @Test
    void discardIsRefusedOnALunWithoutUnmap() throws Exception {
        LogicalUnit lu = open();
        ExecutionException e = assertThrows(ExecutionException.class, () -> lu.discard(0, 4096).get());
        assertEquals(BlockIoException.Kind.NOT_SUPPORTED, ((BlockIoException) e.getCause()).kind());
    }

    @Test
    void blockStatusOfAFullyProvisionedLunIsOneAllocatedExtent() throws Exception {
        assertEquals(1, open().blockStatus(0, 1 << 20).get().size());
        assertTrue(open().blockStatus(0, 1 << 20).get().get(0).allocated());
    }
}
