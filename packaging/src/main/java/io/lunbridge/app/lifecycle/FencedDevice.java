package io.lunbridge.app.lifecycle;

import io.lunbridge.block.BlockDevice;
import io.lunbridge.block.BlockIoException;
import io.lunbridge.block.Geometry;
import io.netty.buffer.ByteBuf;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * A {@link BlockDevice} that can be fenced: {@link #fence(String)} fails every request still
 * waiting (queued at the engine, e.g. while no path is up) with EIO at once and every later request
 * immediately, so a forced detach never waits on the storage and a stuck filesystem on the device
 * can be unmounted lazily. Until fenced it passes everything through unchanged.
 *
 * <p>Buffer ownership is the {@link BlockDevice} rule: {@link #write} owns {@code data} (released
 * here when fenced, else by the inner device); a read buffer that arrives after the caller was
 * already failed is released here.
 */
public final class FencedDevice implements BlockDevice {
    private final BlockDevice inner;
    private final Set<CompletableFuture<?>> pending = ConcurrentHashMap.newKeySet();
    private volatile String fencedBecause;

    public FencedDevice(BlockDevice inner) {
        this.inner = inner;
    }

    /** Fails pending and future requests with EIO; {@code reason} goes into their messages. */
    public void fence(String reason) {
        fencedBecause = reason;
        for (CompletableFuture<?> f : pending) {
            f.completeExceptionally(failure());
        }
        pending.clear();
    }

    public boolean fenced() {
        return fencedBecause != null;
    }

    private BlockIoException failure() {
        return new BlockIoException(BlockIoException.Kind.IO, "device fenced: " + fencedBecause);
    }

    private <T> CompletableFuture<T> track(Supplier<CompletableFuture<T>> call) {
        return track(call, () -> { });
    }

    /** Runs {@code call} unless fenced; {@code refused} runs instead when it is not called. */
    private <T> CompletableFuture<T> track(Supplier<CompletableFuture<T>> call, Runnable refused) {
        CompletableFuture<T> outer = new CompletableFuture<>();
        pending.add(outer);
        if (fenced()) { // checked after the add, so that a concurrent fence() cannot miss this request
            pending.remove(outer);
            refused.run();
            return CompletableFuture.failedFuture(failure());
        }
        call.get().whenComplete((v, e) -> {
            pending.remove(outer);
            boolean delivered = e == null ? outer.complete(v) : outer.completeExceptionally(e);
            if (!delivered && v instanceof ByteBuf b) {
                b.release();
            }
        });
        return outer;
    }

    @Override
    public Geometry geometry() {
        return inner.geometry();
    }

    @Override
    public CompletableFuture<ByteBuf> read(long offset, int length) {
        return track(() -> inner.read(offset, length));
    }

    @Override
    public CompletableFuture<Void> write(long offset, ByteBuf data, boolean fua) {
        return track(() -> inner.write(offset, data, fua), data::release);
    }

    @Override
    public CompletableFuture<Void> flush() {
        return track(inner::flush);
    }

    @Override
    public CompletableFuture<Void> discard(long offset, long length) {
        return track(() -> inner.discard(offset, length));
    }

    @Override
    public CompletableFuture<Void> writeZeroes(long offset, long length, boolean mayUnmap, boolean fua) {
        return track(() -> inner.writeZeroes(offset, length, mayUnmap, fua));
    }

    @Override
    public CompletableFuture<List<Extent>> blockStatus(long offset, long length) {
        return track(() -> inner.blockStatus(offset, length));
    }
}
