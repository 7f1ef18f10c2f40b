package io.lunbridge.block;

import io.netty.buffer.ByteBuf;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The one seam between whatever exports a disk (the NBD bridge, FUSE) and whatever implements it
 * (a single iSCSI logical unit, or a multipath device over several). The exporter never sees iSCSI
 * and the engine never sees NBD.
 *
 * <p>All operations are asynchronous and may be called from any thread; futures complete on the
 * implementation's I/O thread, so callbacks must not block. Offsets and lengths are in bytes and
 * must be multiples of {@link Geometry#logicalBlockSize()}; violations complete exceptionally with
 * {@link BlockIoException.Kind#INVALID}.
 *
 * <p><b>Durability contract.</b> A write future completes successfully only after the storage has
 * acknowledged the write (SCSI status GOOD). With {@code fua}, or after a successful
 * {@link #flush()}, the data is on stable storage. Nothing is ever acknowledged locally.
 *
 * <p><b>Buffer ownership.</b> {@link #read} returns a buffer that the caller owns and must release
 * (it is usually a composite of retained Data-In slices, not a copy). {@link #write} takes
 * ownership of {@code data}: the device releases it when the write completes or fails.
 */
public interface BlockDevice {

    /** Size, block sizes, transfer limits and capabilities. Stable while the device is open. */
    Geometry geometry();

    /** Reads {@code length} bytes at {@code offset}. */
    CompletableFuture<ByteBuf> read(long offset, int length);

    /** Writes {@code data.readableBytes()} bytes at {@code offset}; with {@code fua}, durably. */
    CompletableFuture<Void> write(long offset, ByteBuf data, boolean fua);

    /** Makes every write completed before this call durable (SCSI SYNCHRONIZE CACHE). */
    CompletableFuture<Void> flush();

    /** Deallocates a range (SCSI UNMAP); contents afterwards read as zeroes or unchanged. */
    CompletableFuture<Void> discard(long offset, long length);

    /**
     * Writes zeroes over a range.
     *
     * @param mayUnmap whether the range may be deallocated instead (thin LUNs)
     * @param fua whether the zeroes must be durable on completion
     */
    CompletableFuture<Void> writeZeroes(long offset, long length, boolean mayUnmap, boolean fua);

    /** Allocation status of a range, as consecutive extents starting at {@code offset}. */
    CompletableFuture<List<Extent>> blockStatus(long offset, long length);

    /** A run of blocks with the same allocation state. */
    record Extent(long offset, long length, boolean allocated, boolean zero) {
    }
}
