package io.lunbridge.bridge.fuse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lunbridge.block.BlockDevice;
import io.lunbridge.bridge.kernel.Posix;
import io.lunbridge.bridge.nbd.InMemoryBlockDevice;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.EventLoop;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import jnr.ffi.LibraryLoader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The FUSE server reads and answers requests on the block device's own event loop. The "kernel" is
 * the other end of a SOCK_SEQPACKET socketpair, which, like /dev/fuse, hands out one message per
 * read(2) and takes one per write(2); the server serves its end exactly as it serves /dev/fuse (only
 * mount(2) is skipped). The device records the thread each READ arrives on.
 */
class FuseDeviceLoopTest {
    private static final int SOCK_SEQPACKET = 5;
    private static final int BLOCK = 4096;

    @SuppressWarnings("deprecation") // the kind of group Transport makes for the sessions
    private final EpollEventLoopGroup deviceLoops = new EpollEventLoopGroup(1);
    private final List<Thread> callThreads = Collections.synchronizedList(new ArrayList<>());
    private final InMemoryBlockDevice memory = new InMemoryBlockDevice(InMemoryBlockDevice.geometry(1 << 20));
    private final Posix posix = Posix.load();
    private final byte[] pattern = new byte[BLOCK];
    private int kernelFd = -1;
    private FuseServer server;

    @BeforeEach
    void fill() {
        for (int i = 0; i < BLOCK; i++) {
            pattern[i] = (byte) (i * 7);
        }
        memory.fill(BLOCK, pattern);
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        if (kernelFd >= 0) {
            posix.closeQuietly(kernelFd);
        }
        deviceLoops.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @Test
    void aRequestIsReadServedAndAnsweredOnTheDevicesOwnEventLoop() throws Exception {
        EventLoop loop = deviceLoops.next();
        Thread loopThread = loop.submit(Thread::currentThread).get();
        start(loop);
        assertArrayEquals(pattern, readBlockOne(77), "the LUN's bytes came back");
        assertEquals(List.of(loopThread), callThreads, "the device saw the request on its own loop");
    }

    /** The same check fails when the device's loop is not an epoll loop: the server reads on its own. */
    @Test
    void aLoopEpollCannotDriveGetsAReaderLoopOfItsOwn() throws Exception {
        NioEventLoopGroup nio = new NioEventLoopGroup(1);
        try {
            EventLoop loop = nio.next();
            Thread loopThread = loop.submit(Thread::currentThread).get();
            start(loop);
            assertArrayEquals(pattern, readBlockOne(78));
            assertEquals(1, callThreads.size());
            assertNotEquals(loopThread, callThreads.get(0));
            assertTrue(callThreads.get(0).getName().startsWith("lunbridge-fuse"), callThreads.get(0).getName());
        } finally {
            server.close();
            server = null;
            nio.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    /** More requests queued than one wake-up reads: epoll (level-triggered) brings the reader back. */
    @Test
    void aBacklogLongerThanTheReadBudgetIsDrained() throws Exception {
        start(deviceLoops.next());
        int n = FuseReader.BUDGET * 2 + 5;
        for (int i = 0; i < n; i++) {
            send(request(1000 + i, FuseOpcode.GETATTR.code(), 2, new byte[16]));
        }
        for (int i = 0; i < n; i++) {
            ByteBuf reply = receive(16 + 104);
            try {
                assertEquals(0, reply.getIntLE(4), "GETATTR answered without error");
                assertEquals(1000 + i, reply.getLongLE(8), "replies in request order");
                assertEquals(1 << 20, reply.getLongLE(16 + 16 + 8), "attr.size");
            } finally {
                reply.release();
            }
        }
    }

    /**
     * A malformed request (a READ larger than the limit) is answered with EIO, logged once naming the
     * field and its offset, and the server goes on serving.
     */
    @Test
    void aMalformedRequestIsAnsweredWithEioAndLoggedOnceNamingTheField() throws Exception {
        start(deviceLoops.next());
        try (io.lunbridge.bridge.nbd.LogCapture log = new io.lunbridge.bridge.nbd.LogCapture()) {
            ByteBuf in = Unpooled.buffer(40).writeLongLE(2).writeLongLE(0).writeIntLE(FuseRequestDecoder.MAX_READ_BYTES + 1)
                    .writeZero(20);
            send(request(90, FuseOpcode.READ.code(), 2, bytes(in)));
            ByteBuf reply = receive(16);
            try {
                assertEquals(-5, reply.getIntLE(4), "EIO");
                assertEquals(90, reply.getLongLE(8));
            } finally {
                reply.release();
            }
            assertEquals(1, log.matching("fuse_read_in.size at offset 56: 33554433").size(), log.all().toString());
            assertEquals(1, log.all().size(), log.all().toString());
        }
        assertArrayEquals(pattern, readBlockOne(91), "the next request is served");
        assertEquals(1, server.counters().snapshot().badRequests(), "counted as a bad request");
    }

    /**
     * close() never closes /dev/fuse while the event loop still watches it: with the loop busy past the
     * stop timeout, the descriptor stays open (the "kernel" sees no end of file) and is closed on the
     * loop right after it removed the descriptor from epoll, so a late removal cannot hit a reused number.
     */
    @Test
    void closeWaitsForTheLoopToLetGoOfTheDescriptorBeforeClosingIt() throws Exception {
        EventLoop loop = deviceLoops.next();
        start(loop);
        java.util.concurrent.CountDownLatch busy = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch running = new java.util.concurrent.CountDownLatch(1);
        loop.execute(() -> {
            running.countDown();
            try {
                busy.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        running.await();
        FuseServer s = server;
        server = null;
        s.close(); // gives up waiting after its stop timeout: the loop is still busy
        try {
            assertFalse(posix.peerClosed(kernelFd), "/dev/fuse still open while the loop may still remove it");
        } finally {
            busy.countDown();
        }
        io.lunbridge.protocol.testing.Await.until("the descriptor closed once the loop let go of it",
                () -> {
                    try {
                        return posix.peerClosed(kernelFd);
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                });
    }

    /** Starts the server on its socket end, with INIT queued first (as the kernel sends it on mount). */
    private void start(EventLoop deviceLoop) throws Exception {
        int[] fds = new int[2];
        int rc = LibraryLoader.create(Posix.LibC.class).load("c")
                .socketpair(Posix.AF_UNIX, SOCK_SEQPACKET | Posix.SOCK_CLOEXEC, 0, fds);
        assertEquals(0, rc, "socketpair");
        kernelFd = fds[0];
        posix.receiveTimeout(kernelFd, 20);
        posix.setNonBlocking(fds[1]);
        // fuse_init_in: major 7, minor 45, max_readahead 128 KiB, flags ASYNC_DIO | MAX_PAGES | BIG_WRITES
        ByteBuf init = Unpooled.buffer(64).writeIntLE(7).writeIntLE(45).writeIntLE(0x20000)
                .writeIntLE((int) (FuseInitNegotiation.ASYNC_DIO | FuseInitNegotiation.MAX_PAGES
                        | FuseInitNegotiation.BIG_WRITES)).writeZero(48);
        send(request(1, FuseOpcode.INIT.code(), 0, bytes(init)));
        LibC libc = Native.load();
        FuseCounters counters = new FuseCounters();
        server = FuseServer.run(Path.of("/nonexistent/fuse-test"), libc,
                FuseDevice.over(libc, fds[1], PooledByteBufAllocator.DEFAULT, counters), counters,
                List.of(new FuseFile("lun1", recording(memory))), FuseServerConfig.DEFAULT, deviceLoop, false);
        ByteBuf reply = receive(16 + 64);
        try {
            assertEquals(0, reply.getIntLE(4), "INIT answered without error");
            assertEquals(1, reply.getLongLE(8));
        } finally {
            reply.release();
        }
    }

    private byte[] readBlockOne(long unique) throws Exception {
        // fuse_read_in: fh, offset, size, read_flags, lock_owner, flags, padding
        ByteBuf in = Unpooled.buffer(40).writeLongLE(2).writeLongLE(BLOCK).writeIntLE(BLOCK).writeIntLE(0)
                .writeLongLE(0).writeIntLE(0).writeIntLE(0);
        send(request(unique, FuseOpcode.READ.code(), 2, bytes(in)));
        ByteBuf reply = receive(16 + BLOCK);
        try {
            assertEquals(16 + BLOCK, reply.getIntLE(0), "out header length");
            assertEquals(0, reply.getIntLE(4), "no error");
            assertEquals(unique, reply.getLongLE(8));
            byte[] data = new byte[BLOCK];
            reply.getBytes(16, data);
            return data;
        } finally {
            reply.release();
        }
    }

    private static byte[] request(long unique, int opcode, long node, byte[] body) {
        ByteBuf b = Unpooled.buffer(40 + body.length).writeIntLE(40 + body.length).writeIntLE(opcode)
                .writeLongLE(unique).writeLongLE(node).writeIntLE(0).writeIntLE(0).writeIntLE(1).writeShortLE(0)
                .writeShortLE(0).writeBytes(body);
        return bytes(b);
    }

    private static byte[] bytes(ByteBuf b) {
        try {
            byte[] out = new byte[b.readableBytes()];
            b.readBytes(out);
            return out;
        } finally {
            b.release();
        }
    }

    private void send(byte[] message) throws Exception {
        posix.send(kernelFd, message, "FUSE request");
    }

    /** One reply message (SOCK_SEQPACKET: one recv is one whole reply). */
    private ByteBuf receive(int expected) throws Exception {
        byte[] buf = new byte[expected + 4096];
        int n = posix.recv(kernelFd, buf, "FUSE reply");
        assertTrue(n >= 16, "a reply of " + n + " bytes");
        ByteBuf r = Unpooled.wrappedBuffer(buf, 0, n);
        assertEquals(n, r.getIntLE(0), "fuse_out_header.len is the message length");
        return r;
    }

    /** A BlockDevice that records the thread of every read and delegates to {@code target}. */
    private BlockDevice recording(BlockDevice target) {
        return (BlockDevice) Proxy.newProxyInstance(BlockDevice.class.getClassLoader(),
                new Class<?>[] {BlockDevice.class}, (proxy, method, args) -> {
                    if (method.getName().equals("read")) {
                        callThreads.add(Thread.currentThread());
                    }
                    try {
                        return method.invoke(target, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
