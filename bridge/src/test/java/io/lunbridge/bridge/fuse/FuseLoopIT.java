package io.lunbridge.bridge.fuse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lunbridge.block.BlockIoException;
import io.lunbridge.block.Geometry;
import io.lunbridge.bridge.nbd.InMemoryBlockDevice;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The FUSE server through the real kernel (/dev/fuse, loop): needs root. Each test mounts an
 * in-memory device and unmounts it (and detaches loop devices) in finally blocks.
 */
class FuseLoopIT {
    private static final int MIB = 1 << 20;

    @TempDir
    Path tmp;
    private Path mnt;

    @BeforeEach
    void mountPoint() throws IOException {
        mnt = Files.createDirectory(tmp.resolve("mnt"));
    }

    @AfterEach
    void noMountLeft() throws IOException {
        assertTrue(Files.readAllLines(Path.of("/proc/self/mountinfo")).stream().noneMatch(l -> l.contains(mnt.toString())),
                "FUSE mount on " + mnt + " was removed");
    }

    private static long count(InMemoryBlockDevice d, InMemoryBlockDevice.Op op) {
        return d.calls().stream().filter(c -> c.op() == op).count();
    }

    @Test
    void fileServesReadsWritesAndFsyncFromTheDevice() throws Exception {
        InMemoryBlockDevice dev = new InMemoryBlockDevice(InMemoryBlockDevice.geometry(8 * MIB));
        byte[] pattern = new byte[65536];
        new Random(1).nextBytes(pattern);
        dev.fill(MIB, pattern);
        try (FuseServer server = FuseServer.start(mnt, List.of(new FuseFile("lun1", dev)), FuseServerConfig.DEFAULT)) {
            Path file = server.file("lun1");
            try (Stream<Path> list = Files.list(mnt)) {
                assertEquals(List.of(file), list.toList());
            }
            assertEquals(8L * MIB, Files.size(file));
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                ByteBuffer in = ByteBuffer.allocate(pattern.length);
                assertEquals(pattern.length, ch.read(in, MIB));
                assertArrayEquals(pattern, in.array(), "read comes from the device");
                // An unaligned read is widened to blocks and cut to size.
                ByteBuffer odd = ByteBuffer.allocate(100);
                assertEquals(100, ch.read(odd, MIB + 7));
                assertArrayEquals(java.util.Arrays.copyOfRange(pattern, 7, 107), odd.array());

                byte[] data = "hello through /dev/fuse".getBytes(StandardCharsets.US_ASCII);
                byte[] block = java.util.Arrays.copyOf(data, 4096);
                assertEquals(4096, ch.write(ByteBuffer.wrap(block), 3 * MIB));
                assertArrayEquals(block, dev.contents(3 * MIB, 4096), "write reached the device before write(2) returned");

                long flushes = count(dev, InMemoryBlockDevice.Op.FLUSH);
                ch.force(true);
                assertEquals(flushes + 1, count(dev, InMemoryBlockDevice.Op.FLUSH), "fsync became one device flush");
                assertEquals(1, server.counters().snapshot().flushesCompleted());

                // The end of the file: short read, and writes past it are refused.
                ByteBuffer tail = ByteBuffer.allocate(8192);
                assertEquals(4096, ch.read(tail, 8L * MIB - 4096));
                assertThrows(IOException.class, () -> ch.write(ByteBuffer.wrap(block), 8L * MIB));
                // Unaligned writes cannot be done without read-modify-write: EINVAL, not silent damage.
                assertThrows(IOException.class, () -> ch.write(ByteBuffer.wrap(data), 5));
            }
        }
    }

    @Test
    void deviceErrorsBecomeErrnoAndTheServerKeepsServing() throws Exception {
        InMemoryBlockDevice dev = new InMemoryBlockDevice(InMemoryBlockDevice.geometry(MIB));
        try (FuseServer server = FuseServer.start(mnt, List.of(new FuseFile("lun1", dev)), FuseServerConfig.DEFAULT);
             FileChannel ch = FileChannel.open(server.file("lun1"), StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            dev.failNext(InMemoryBlockDevice.Op.READ, BlockIoException.Kind.IO);
            IOException e = assertThrows(IOException.class, () -> ch.read(ByteBuffer.allocate(4096), 0));
            assertTrue(e.getMessage().contains("Input/output error"), e.getMessage());
            dev.failNext(InMemoryBlockDevice.Op.FLUSH, BlockIoException.Kind.IO);
            assertThrows(IOException.class, () -> ch.force(true), "a failed flush is reported, not swallowed");
            ch.force(true); // and the next one is sent again (the kernel did not disable fsync)
            assertEquals(2, count(dev, InMemoryBlockDevice.Op.FLUSH));
            assertEquals(4096, ch.read(ByteBuffer.allocate(4096), 0));
        }
    }

    @Test
    void writeProtectedDeviceIsReadOnly() throws Exception {
        Geometry g = InMemoryBlockDevice.geometry(MIB);
        Geometry ro = new Geometry(g.sizeBytes(), g.logicalBlockSize(), g.physicalBlockSize(), g.optimalTransferBytes(),
                g.maxTransferBytes(), true, false, false, false, false, false);
        InMemoryBlockDevice dev = new InMemoryBlockDevice(ro);
        try (FuseServer server = FuseServer.start(mnt, List.of(new FuseFile("lun2", dev)), FuseServerConfig.DEFAULT)) {
            FileSystemException e = assertThrows(FileSystemException.class,
                    () -> FileChannel.open(server.file("lun2"), StandardOpenOption.WRITE).close());
            assertTrue(e.getMessage().contains("Read-only"), e.getMessage());
            assertEquals(MIB, Files.readAllBytes(server.file("lun2")).length);
        }
    }

    @Test
    void loopDeviceWithDirectIoCarriesParallelRequestsAndFlushes() throws Exception {
        InMemoryBlockDevice dev = new InMemoryBlockDevice(InMemoryBlockDevice.geometry(32 * MIB));
        byte[] data = new byte[2 * MIB];
        new Random(2).nextBytes(data);
        try (FuseLoopAttachment a = FuseLoopAttachment.attach(mnt, List.of(new FuseFile("lun1", dev)),
                FuseServerConfig.DEFAULT)) {
            LoopDevice loop = a.loopDevices().get("lun1");
            assertTrue(loop.directIo(), "kernel reports direct I/O on " + loop.device());
            try (RandomAccessFile raf = new RandomAccessFile(loop.device().toFile(), "rw")) {
                raf.seek(4 * MIB);
                raf.write(data);
                long flushes = count(dev, InMemoryBlockDevice.Op.FLUSH);
                raf.getFD().sync(); // fsync on the block device: page cache, then REQ_OP_FLUSH → FUSE_FSYNC
                assertTrue(count(dev, InMemoryBlockDevice.Op.FLUSH) > flushes, "fsync of the loop device reached the device");
            }
            assertArrayEquals(data, dev.contents(4 * MIB, data.length));
            // The device holds every request until 16 are waiting at once: only parallel requests can get there.
            dev.pause();
            Process fio = new ProcessBuilder("fio", "--name=qd32", "--filename=" + loop.device(), "--direct=1",
                    "--rw=randread", "--bs=4k", "--iodepth=32", "--ioengine=libaio", "--size=32M",
                    "--number_ios=2048", "--output-format=terse").redirectErrorStream(true).start();
            try {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                while (dev.pendingCount() < 16 && System.nanoTime() < deadline && fio.isAlive()) {
                    java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
                }
                assertTrue(dev.pendingCount() >= 16, "QD32 direct I/O reached the device in parallel: "
                        + dev.pendingCount() + " waiting");
            } finally {
                dev.releaseAll();
            }
            String out = new String(fio.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            try {
                assertTrue(fio.waitFor(60, TimeUnit.SECONDS), "fio finished");
            } finally {
                fio.destroyForcibly();
            }
            assertEquals(0, fio.exitValue(), out);
            assertTrue(a.server().counters().snapshot().maxInFlight() >= 16, a.server().counters().snapshot().toString());
        }
    }
}
