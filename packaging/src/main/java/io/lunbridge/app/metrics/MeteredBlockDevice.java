package io.lunbridge.app.metrics;

import io.lunbridge.block.BlockDevice;
import io.lunbridge.block.BlockIoException;
import io.lunbridge.block.Geometry;
import io.netty.buffer.ByteBuf;
import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import io.prometheus.metrics.core.datapoints.GaugeDataPoint;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * A {@link BlockDevice} that counts what passes through it and delegates everything. The series of
 * its LUN are looked up once, so a request costs a few atomic adds and two nanoTime calls. Buffer
 * ownership is the delegate's contract unchanged: the read buffer goes to the caller, the write
 * buffer to the delegate (its size is taken before the call).
 */
final class MeteredBlockDevice implements BlockDevice {
    /** The series of one operation. */
    private record Op(String name, CounterDataPoint requests, DistributionDataPoint duration, CounterDataPoint bytes) {
    }

    private final BlockMetrics metrics;
    private final String lun;
    private final BlockDevice device;
    private final GaugeDataPoint inFlight;
    private final Op read;
    private final Op write;
    private final Op flush;
    private final Op discard;
    private final Op writeZeroes;
    private final Op blockStatus;

    MeteredBlockDevice(BlockMetrics metrics, String lun, BlockDevice device) {
        this.metrics = metrics;
        this.lun = lun;
        this.device = device;
        this.inFlight = metrics.inFlight.labelValues(lun);
        this.read = op("read", true);
        this.write = op("write", true);
        this.flush = op("flush", false);
        this.discard = op("discard", false);
        this.writeZeroes = op("write_zeroes", false);
        this.blockStatus = op("block_status", false);
    }

    private Op op(String name, boolean transfersData) {
        return new Op(name, metrics.requests.labelValues(lun, name), metrics.duration.labelValues(lun, name),
                transfersData ? metrics.bytes.labelValues(lun, name) : null);
    }

    @Override
    public Geometry geometry() {
        return device.geometry();
    }

    @Override
    public CompletableFuture<ByteBuf> read(long offset, int length) {
        return timed(read, length, () -> device.read(offset, length));
    }

    @Override
    public CompletableFuture<Void> write(long offset, ByteBuf data, boolean fua) {
        int length = data.readableBytes();
        return timed(write, length, () -> device.write(offset, data, fua));
    }

    @Override
    public CompletableFuture<Void> flush() {
        return timed(flush, 0, device::flush);
    }

    @Override
    public CompletableFuture<Void> discard(long offset, long length) {
        return timed(discard, 0, () -> device.discard(offset, length));
    }

    @Override
    public CompletableFuture<Void> writeZeroes(long offset, long length, boolean mayUnmap, boolean fua) {
        return timed(writeZeroes, 0, () -> device.writeZeroes(offset, length, mayUnmap, fua));
    }

    @Override
    public CompletableFuture<List<Extent>> blockStatus(long offset, long length) {
        return timed(blockStatus, 0, () -> device.blockStatus(offset, length));
    }

    private <T> CompletableFuture<T> timed(Op op, long length, java.util.function.Supplier<CompletableFuture<T>> call) {
        long start = System.nanoTime();
        inFlight.inc();
        CompletableFuture<T> f;
        try {
            f = call.get();
        } catch (RuntimeException e) {
            done(op, start, length, e);
            throw e;
        }
        return f.whenComplete((r, e) -> done(op, start, length, e));
    }

    private void done(Op op, long start, long length, Throwable error) {
        inFlight.dec();
        op.requests().inc();
        op.duration().observe((System.nanoTime() - start) / 1e9);
        if (error != null) {
            metrics.errors.labelValues(lun, op.name(), kind(error)).inc();
        } else if (op.bytes() != null) {
            op.bytes().inc(length);
        }
    }

    static String kind(Throwable error) {
        Throwable t = error;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t instanceof BlockIoException b ? b.kind().name().toLowerCase(Locale.ROOT) : "other";
    }
}
