package io.lunbridge.it.fuse;

import io.lunbridge.block.BlockDevice;
import io.lunbridge.block.Geometry;
import io.netty.buffer.ByteBuf;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * TEST WRAPPER: passes every call to the wrapped device (a LogicalUnit) and counts the flushes that
 * the LogicalUnit completed successfully, i.e. SYNCHRONIZE CACHE commands the target answered GOOD.
 * Used as evidence that an fsync reached the target, since the engine's own command counters are
 * outside this test's area. It also records the threads that called read, write and flush.
 */
final class FlushCountingDevice implements BlockDevice {
    private final BlockDevice inner;
    private final AtomicLong flushes = new AtomicLong();
    private final Set<Thread> callers = ConcurrentHashMap.newKeySet();

    FlushCountingDevice(BlockDevice inner) {
        this.inner = inner;
    }

    long flushes() {
        return flushes.get();
    }

    /** The threads read, write and flush were called on. */
    Set<Thread> callers() {
        return Set.copyOf(callers);
    }

    @Override
    public Geometry geometry() {
        return inner.geometry();
    }

    @Override
    public CompletableFuture<ByteBuf> read(long offset, int length) {
        callers.add(Thread.currentThread());
        return inner.read(offset, length);
    }

    @Override
    public CompletableFuture<Void> write(long offset, ByteBuf data, boolean fua) {
        callers.add(Thread.currentThread());
        return inner.write(offset, data, fua);
    }

    @Override
    public CompletableFuture<Void> flush() {
        callers.add(Thread.currentThread());
        return inner.flush().thenRun(flushes::incrementAndGet);
    }

    @Override
    public CompletableFuture<Void> discard(long offset, long length) {
        return inner.discard(offset, length);
    }

    @Override
    public CompletableFuture<Void> writeZeroes(long offset, long length, boolean mayUnmap, boolean fua) {
        return inner.writeZeroes(offset, length, mayUnmap, fua);
    }

    @Override
    public CompletableFuture<List<Extent>> blockStatus(long offset, long length) {
        return inner.blockStatus(offset, length);
    }
}
