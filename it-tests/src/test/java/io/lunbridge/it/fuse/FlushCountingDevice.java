package io.lunbridge.it.fuse;

import io.lunbridge.block.BlockDevice;
import io.lunbridge.block.Geometry;
import io.netty.buffer.ByteBuf;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * TEST WRAPPER: passes every call to the wrapped device (a LogicalUnit) and counts the flushes that
 * the LogicalUnit completed successfully, i.e. SYNCHRONIZE CACHE commands the target answered GOOD.
 * Used as evidence that an fsync reached the target, since the engine's own command counters are
 * outside this test's area.
 */
final class FlushCountingDevice implements BlockDevice {
    private final BlockDevice inner;
    private final AtomicLong flushes = new AtomicLong();

    FlushCountingDevice(BlockDevice inner) {
        this.inner = inner;
    }

    long flushes() {
        return flushes.get();
    }

    @Override
    public Geometry geometry() {
        return inner.geometry();
    }

    @Override
    public CompletableFuture<ByteBuf> read(long offset, int length) {
        return inner.read(offset, length);
    }

    @Override
    public CompletableFuture<Void> write(long offset, ByteBuf data, boolean fua) {
        return inner.write(offset, data, fua);
    }

    @Override
    public CompletableFuture<Void> flush() {
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
