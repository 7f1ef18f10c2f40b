package io.lunbridge.bridge.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lunbridge.block.BlockDevice;
import io.lunbridge.bridge.nbd.InMemoryBlockDevice;
import io.lunbridge.bridge.nbd.NbdExport;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.EventLoop;
import io.netty.channel.epoll.EpollEventLoopGroup;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kernel attach runs the socketpair channel on the device's event loop, so a request from the
 * kernel and its completion stay on one thread. The "kernel" here is a driver that, given the
 * socket, sends one NBD READ on it and reads the reply, as the nbd driver would; the device records
 * the thread each call arrives on.
 */
class KernelAttachLoopTest {
    private static final int BLOCK = 4096;

    @TempDir
    Path tmp;
    private final EpollEventLoopGroup deviceLoops = new EpollEventLoopGroup(1);
    private final List<Thread> callThreads = Collections.synchronizedList(new ArrayList<>());
    private final InMemoryBlockDevice memory = new InMemoryBlockDevice(InMemoryBlockDevice.geometry(1 << 20));

    @AfterEach
    void stop() {
        deviceLoops.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @Test
    void aRequestIsServedOnTheDevicesOwnEventLoop() throws Exception {
        EventLoop loop = deviceLoops.next();
        Thread loopThread = loop.submit(Thread::currentThread).get();
        roundTrip(loop);
        assertEquals(List.of(loopThread), callThreads, "the device saw the request on its own loop");
    }

    /** The same check fails without a device loop: the attacher's own thread is another one. */
    @Test
    void withoutADeviceLoopTheRequestArrivesOnTheAttachersThread() throws Exception {
        Thread loopThread = deviceLoops.next().submit(Thread::currentThread).get();
        roundTrip(null);
        assertEquals(1, callThreads.size());
        assertNotEquals(loopThread, callThreads.get(0));
        assertTrue(callThreads.get(0).getName().startsWith("nbd-kernel-io"), callThreads.get(0).getName());
    }

    /**
     * The kernel's connection is bounded by the configured bytes in flight (nbd.max-bytes-in-flight),
     * not the default: its write-buffer high-water mark, which the transmission handler sets to the
     * bound, says which one the connection got.
     */
    @Test
    void theKernelsConnectionHoldsTheConfiguredBytesInFlight() throws Exception {
        long bound = 64 * 1024;
        assertNotEquals(bound, io.lunbridge.bridge.nbd.NbdServerConfig.DEFAULT_MAX_BYTES_IN_FLIGHT);
        Posix posix = Posix.load();
        OneReadKernel kernel = new OneReadKernel(posix);
        memory.fill(BLOCK, new byte[BLOCK]);
        try (KernelAttacher attacher = new KernelAttacher(posix, kernel,
                new NbdSysfs(tmp.resolve("sys/block"), tmp.resolve("dev")))) {
            AttachedDevice d = attacher.attach(new NbdExport("lun0", "test", memory), OptionalInt.of(2), 0, 0, 16,
                    bound, deviceLoops.next(), "");
            assertEquals(0, kernel.error, "reply error");
            assertEquals(bound, d.channel().config().getWriteBufferHighWaterMark(), "the bound of this connection");
            d.ended().get(10, TimeUnit.SECONDS);
        }
    }

    private void roundTrip(EventLoop deviceLoop) throws Exception {
        byte[] pattern = new byte[BLOCK];
        for (int i = 0; i < BLOCK; i++) {
            pattern[i] = (byte) (i * 7);
        }
        memory.fill(BLOCK, pattern);
        Posix posix = Posix.load();
        OneReadKernel kernel = new OneReadKernel(posix);
        try (KernelAttacher attacher = new KernelAttacher(posix, kernel,
                new NbdSysfs(tmp.resolve("sys/block"), tmp.resolve("dev")))) {
            AttachedDevice d = attacher.attach(new NbdExport("lun0", "test", recording(memory)), OptionalInt.of(3),
                    0, 0, 16, deviceLoop);
            assertEquals("/dev/nbd3", d.path());
            assertEquals(0, kernel.error, "reply error");
            assertArrayEquals(pattern, kernel.data, "the LUN's bytes came back");
            d.ended().get(10, TimeUnit.SECONDS); // the "kernel" closed its end: the channel ends
        }
    }

    /** A BlockDevice that records the thread of every call and delegates to {@code target}. */
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

    /** Plays the nbd driver: one READ of block 1 over the socket it is given, reply read back. */
    private static final class OneReadKernel implements NbdDriver {
        private final Posix posix;
        int error = -1;
        byte[] data;

        OneReadKernel(Posix posix) {
            this.posix = posix;
        }

        @Override
        public AttachMode mode() {
            return AttachMode.NETLINK;
        }

        @Override
        public Connection connect(int socketFd, OptionalInt index, DeviceParameters params) throws IOException {
            ByteBuf req = Unpooled.buffer(28).writeInt(0x25609513).writeShort(0).writeShort(0).writeLong(77)
                    .writeLong(BLOCK).writeInt(BLOCK);
            byte[] bytes = new byte[28];
            req.readBytes(bytes);
            posix.send(socketFd, bytes, "test request");
            byte[] reply = readFully(socketFd, 16 + BLOCK);
            ByteBuf r = Unpooled.wrappedBuffer(reply);
            assertEquals(0x67446698, r.readInt(), "simple reply magic");
            error = r.readInt();
            assertEquals(77, r.readLong(), "handle");
            data = new byte[BLOCK];
            r.readBytes(data);
            return new Connection(index.orElse(0), CompletableFuture.completedFuture(null));
        }

        private byte[] readFully(int fd, int length) throws IOException {
            byte[] out = new byte[length];
            int have = 0;
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (have < length) {
                assertTrue(System.nanoTime() < deadline, "reply within 20 s");
                byte[] chunk = new byte[length - have];
                int n = posix.recv(fd, chunk, "test reply");
                assertTrue(n > 0, "the server closed the socket early");
                System.arraycopy(chunk, 0, out, have, n);
                have += n;
            }
            return out;
        }

        @Override
        public void disconnect(int index) {
            throw new UnsupportedOperationException("this test's kernel ends the device by closing its socket");
        }
    }
}
