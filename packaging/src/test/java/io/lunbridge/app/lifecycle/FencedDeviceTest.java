package io.lunbridge.app.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lunbridge.block.BlockDevice;
import io.lunbridge.block.BlockIoException;
import io.lunbridge.block.Geometry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

/** Fencing fails queued requests with EIO at once, refuses later ones, and keeps the buffer rules. */
class FencedDeviceTest {
    /** A device whose requests never complete until the test says so (a LUN with no path). */
    private static final class Stuck implements BlockDevice {
        final List<CompletableFuture<ByteBuf>> reads = new ArrayList<>();
        final List<CompletableFuture<Void>> writes = new ArrayList<>();

        @Override
        public Geometry geometry() {
            throw new UnsupportedOperationException();
        }

        @Override
        public CompletableFuture<ByteBuf> read(long offset, int length) {
            CompletableFuture<ByteBuf> f = new CompletableFuture<>();
            reads.add(f);
            return f;
        }

        @Override
        public CompletableFuture<Void> write(long offset, ByteBuf data, boolean fua) {
            data.release();
            CompletableFuture<Void> f = new CompletableFuture<>();
            writes.add(f);
            return f;
        }

        @Override
        public CompletableFuture<Void> flush() {
            return new CompletableFuture<>();
        }

        @Override
        public CompletableFuture<Void> discard(long offset, long length) {
            return new CompletableFuture<>();
        }

        @Override
        public CompletableFuture<Void> writeZeroes(long offset, long length, boolean mayUnmap, boolean fua) {
            return new CompletableFuture<>();
        }

        @Override
        public CompletableFuture<List<Extent>> blockStatus(long offset, long length) {
            return new CompletableFuture<>();
        }
    }

    private static BlockIoException failure(CompletableFuture<?> f) {
        ExecutionException e = assertThrows(ExecutionException.class, f::get);
        return assertInstanceOf(BlockIoException.class, e.getCause());
    }

    @Test
    void queuedRequestsFailWithEioAtOnceAndLaterOnesImmediately() {
        Stuck inner = new Stuck();
        FencedDevice d = new FencedDevice(inner);
        CompletableFuture<ByteBuf> read = d.read(0, 512);
        CompletableFuture<Void> flush = d.flush();
        d.fence("forced detach");
        BlockIoException e = failure(read);
        assertEquals(BlockIoException.Kind.IO, e.kind());
        assertEquals("device fenced: forced detach", e.getMessage());
        failure(flush);
        ByteBuf data = Unpooled.buffer(512).writeZero(512);
        failure(d.write(0, data, false));
        assertEquals(0, data.refCnt(), "a refused write releases its buffer");
        assertTrue(inner.writes.isEmpty(), "nothing reaches the device after the fence");
    }

    @Test
    void aReadThatCompletesAfterTheFenceIsReleased() {
        Stuck inner = new Stuck();
        FencedDevice d = new FencedDevice(inner);
        CompletableFuture<ByteBuf> read = d.read(0, 512);
        d.fence("forced detach");
        ByteBuf late = Unpooled.buffer(512);
        inner.reads.get(0).complete(late);
        failure(read);
        assertEquals(0, late.refCnt());
    }

    @Test
    void unfencedRequestsPassThrough() throws Exception {
        Stuck inner = new Stuck();
        FencedDevice d = new FencedDevice(inner);
        CompletableFuture<ByteBuf> read = d.read(0, 512);
        ByteBuf buf = Unpooled.buffer(512);
        inner.reads.get(0).complete(buf);
        assertEquals(buf, read.get());
        buf.release();
    }
}
