package io.lunbridge.bridge.nbd;

import io.lunbridge.block.BlockDevice;
import io.lunbridge.block.BlockIoException;
import io.lunbridge.block.Geometry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * TEST DOUBLE: a {@link BlockDevice} held in a byte array, with real semantics — range and alignment
 * checks (INVALID), write-protection (PERMISSION), an allocation map per logical block (writes
 * allocate, discard and unmapping write-zeroes deallocate, deallocated blocks read as zeroes) for
 * block status — plus test controls: injected failures per operation, a paused mode in which
 * operations wait (without taking effect) until the test releases them, and a log of calls.
 * Synchronized: integration tests call it from several event loops.
 */
public final class InMemoryBlockDevice implements BlockDevice {

    /** Operation types, for failure injection and the call log. */
    public enum Op { READ, WRITE, FLUSH, DISCARD, WRITE_ZEROES, BLOCK_STATUS }

    /** One call as the bridge made it. */
    public record Call(Op op, long offset, long length, boolean fua, boolean mayUnmap) {
    }

    private final Geometry geometry;
    private final byte[] data;
    private final boolean[] allocated;
    private final Map<Op, BlockIoException.Kind> failNext = new EnumMap<>(Op.class);
    private final List<Call> calls = new ArrayList<>();
    private final List<Runnable> pending = new ArrayList<>();
    private boolean paused;

    public InMemoryBlockDevice(Geometry geometry) {
        if (geometry.sizeBytes() > Integer.MAX_VALUE || geometry.sizeBytes() % geometry.logicalBlockSize() != 0) {
            throw new IllegalArgumentException("test device size " + geometry.sizeBytes());
        }
        this.geometry = geometry;
        this.data = new byte[(int) geometry.sizeBytes()];
        this.allocated = new boolean[(int) (geometry.sizeBytes() / geometry.logicalBlockSize())];
    }

    /** A writable thin 512/4096 device of {@code size} bytes that supports everything. */
    public static Geometry geometry(long size) {
        return new Geometry(size, 512, 4096, 65536, 1024 * 1024, false, true, true, true, true, true);
    }

    @Override
    public Geometry geometry() {
        return geometry;
    }

    /** The next call of {@code op} fails with {@code kind}. */
    public synchronized void failNext(Op op, BlockIoException.Kind kind) {
        failNext.put(op, kind);
    }

    /** From now on, operations wait for {@link #releaseAll()} / {@link #release(int)}. */
    public synchronized void pause() {
        paused = true;
    }

    /** Number of operations waiting. */
    public synchronized int pendingCount() {
        return pending.size();
    }

    /** Runs the waiting operation at {@code index} (its effect, then its completion). */
    public void release(int index) {
        Runnable r;
        synchronized (this) {
            r = pending.remove(index);
        }
        r.run();
    }

    /** Stops pausing and runs every waiting operation in arrival order. */
    public void releaseAll() {
        List<Runnable> todo;
        synchronized (this) {
            paused = false;
            todo = new ArrayList<>(pending);
            pending.clear();
        }
        todo.forEach(Runnable::run);
    }

    public synchronized List<Call> calls() {
        return List.copyOf(calls);
    }

    /** A copy of the stored bytes. */
    public synchronized byte[] contents(long offset, int length) {
        return Arrays.copyOfRange(data, (int) offset, (int) offset + length);
    }

    /** Stores bytes directly (test setup), allocating the blocks. */
    public synchronized void fill(long offset, byte[] bytes) {
        System.arraycopy(bytes, 0, data, (int) offset, bytes.length);
        mark((int) offset, bytes.length, true);
    }

    public synchronized boolean isAllocated(long offset) {
        return allocated[(int) (offset / geometry.logicalBlockSize())];
    }

    @Override
    public CompletableFuture<ByteBuf> read(long offset, int length) {
        return submit(new Call(Op.READ, offset, length, false, false), null, () -> {
            check(offset, length);
            return Unpooled.wrappedBuffer(Arrays.copyOfRange(data, (int) offset, (int) offset + length));
        });
    }

    @Override
    public CompletableFuture<Void> write(long offset, ByteBuf buf, boolean fua) {
        int length = buf.readableBytes();
        return submit(new Call(Op.WRITE, offset, length, fua, false), buf, () -> {
            checkWritable();
            check(offset, length);
            buf.getBytes(buf.readerIndex(), data, (int) offset, length);
            mark((int) offset, length, true);
            return null;
        });
    }

    @Override
    public CompletableFuture<Void> flush() {
        return submit(new Call(Op.FLUSH, 0, 0, false, false), null, () -> null);
    }

    @Override
    public CompletableFuture<Void> discard(long offset, long length) {
        return submit(new Call(Op.DISCARD, offset, length, false, true), null, () -> {
            checkWritable();
            check(offset, length);
            Arrays.fill(data, (int) offset, (int) (offset + length), (byte) 0);
            mark((int) offset, (int) length, false);
            return null;
        });
    }

    @Override
    public CompletableFuture<Void> writeZeroes(long offset, long length, boolean mayUnmap, boolean fua) {
        return submit(new Call(Op.WRITE_ZEROES, offset, length, fua, mayUnmap), null, () -> {
            checkWritable();
            check(offset, length);
            Arrays.fill(data, (int) offset, (int) (offset + length), (byte) 0);
            mark((int) offset, (int) length, !(mayUnmap && geometry.canUnmap()));
            return null;
        });
    }

    @Override
    public CompletableFuture<List<Extent>> blockStatus(long offset, long length) {
        return submit(new Call(Op.BLOCK_STATUS, offset, length, false, false), null, () -> {
            check(offset, length);
            List<Extent> out = new ArrayList<>();
            int bs = geometry.logicalBlockSize();
            long pos = offset;
            while (pos < offset + length) {
                boolean a = allocated[(int) (pos / bs)];
                long start = pos;
                while (pos < offset + length && allocated[(int) (pos / bs)] == a) {
                    pos += bs;
                }
                out.add(new Extent(start, pos - start, a, !a));
            }
            return out;
        });
    }

    private interface Body<T> {
        T run();
    }

    private <T> CompletableFuture<T> submit(Call call, ByteBuf owned, Body<T> body) {
        CompletableFuture<T> f = new CompletableFuture<>();
        Runnable run = () -> {
            BlockIoException.Kind fail;
            T result = null;
            Throwable error = null;
            synchronized (this) {
                fail = failNext.remove(call.op());
                if (fail == null) {
                    try {
                        result = body.run();
                    } catch (BlockIoException e) {
                        error = e;
                    }
                }
            }
            if (owned != null) {
                owned.release();
            }
            if (fail != null) {
                f.completeExceptionally(new BlockIoException(fail, "injected " + fail + " on " + call.op()));
            } else if (error != null) {
                f.completeExceptionally(error);
            } else {
                f.complete(result);
            }
        };
        synchronized (this) {
            calls.add(call);
            if (paused) {
                pending.add(run);
                return f;
            }
        }
        run.run();
        return f;
    }

    private void check(long offset, long length) {
        int bs = geometry.logicalBlockSize();
        if (offset < 0 || length < 0 || offset + length > data.length || offset % bs != 0 || length % bs != 0) {
            throw new BlockIoException(BlockIoException.Kind.INVALID, "offset " + offset + " length " + length);
        }
    }

    private void checkWritable() {
        if (geometry.writeProtected()) {
            throw new BlockIoException(BlockIoException.Kind.PERMISSION, "write-protected");
        }
    }

    private void mark(int offset, int length, boolean value) {
        int bs = geometry.logicalBlockSize();
        Arrays.fill(allocated, offset / bs, (offset + length) / bs, value);
    }
}
