package io.lunbridge.protocol.lu;

import io.lunbridge.block.BlockDevice;
import io.lunbridge.block.BlockIoException;
import io.lunbridge.block.Geometry;
import io.lunbridge.protocol.scsi.Cdbs;
import io.lunbridge.protocol.scsi.LbaStatusData;
import io.lunbridge.protocol.scsi.LbaStatusDescriptor;
import io.lunbridge.protocol.scsi.Lun;
import io.lunbridge.protocol.scsi.ScsiErrorKind;
import io.lunbridge.protocol.scsi.ScsiException;
import io.lunbridge.protocol.scsi.UnmapParameterList;
import io.lunbridge.protocol.session.ScsiRequest;
import io.lunbridge.protocol.session.SessionException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * One SCSI logical unit as a {@link BlockDevice}: block I/O mapped onto SBC commands (READ(16),
 * WRITE(16) with FUA, SYNCHRONIZE CACHE(16), UNMAP, WRITE SAME(16), GET LBA STATUS), requests
 * split at the LUN's transfer limits, SCSI errors mapped to {@link BlockIoException} kinds.
 *
 * <p>A write future completes only when the target returned GOOD for every piece of it; nothing is
 * acknowledged locally. Reads return a composite of Data-In segments, never a copy.
 */
public final class LogicalUnit implements BlockDevice {
    private final ScsiExecutor scsi;
    private final LunInfo info;
    private final Geometry geometry;
    private final long lun;
    private final int blockSize;
    /** Set once WRITE SAME was refused; zeroes are then written with WRITE(16). */
    private volatile boolean writeSameUnsupported;
    /** A read-only buffer of zeroes shared by all zero writes of this LUN; created on first use. */
    private volatile ByteBuf zeroBuffer;

    private LogicalUnit(ScsiExecutor scsi, LunInfo info) {
        this.scsi = scsi;
        this.info = info;
        this.geometry = info.geometry();
        this.lun = info.lun().raw();
        this.blockSize = geometry.logicalBlockSize();
    }

    /** Probes the LUN through {@code transport} and opens it. */
    public static CompletableFuture<LogicalUnit> open(ScsiTransport transport, Lun lun) {
        ScsiExecutor executor = new ScsiExecutor(transport);
        return new LunProber(executor, lun).probe().thenApply(info -> new LogicalUnit(executor, info));
    }

    /**
     * A LUN already probed ({@code info} found through one of its paths), driven through
     * {@code transport} (e.g. a multipath device that picks a path per command).
     */
    public static LogicalUnit over(ScsiTransport transport, LunInfo info) {
        return new LogicalUnit(new ScsiExecutor(transport), info);
    }

    /** Identity, inquiry data and limits found when the LUN was opened. */
    public LunInfo info() {
        return info;
    }

    @Override
    public Geometry geometry() {
        return geometry;
    }

    @Override
    public CompletableFuture<ByteBuf> read(long offset, int length) {
        String bad = checkRange(offset, length);
        if (bad != null) {
            return invalid(bad);
        }
        if (length == 0) {
            return CompletableFuture.completedFuture(Unpooled.EMPTY_BUFFER);
        }
        int max = geometry.maxTransferBytes();
        if (length <= max) {
            return readPiece(offset, length);
        }
        List<CompletableFuture<ByteBuf>> pieces = new ArrayList<>();
        for (long o = offset; o < offset + length; o += max) {
            pieces.add(readPiece(o, (int) Math.min(max, offset + length - o)));
        }
        return CompletableFuture.allOf(pieces.toArray(new CompletableFuture<?>[0])).handle((v, e) -> {
            if (e != null) {
                pieces.forEach(p -> p.thenAccept(ByteBuf::release));
                throw mapped(e);
            }
            CompositeByteBuf all = ByteBufAllocator.DEFAULT.compositeBuffer(pieces.size());
            pieces.forEach(p -> all.addComponent(true, p.join()));
            return (ByteBuf) all;
        });
    }

    private CompletableFuture<ByteBuf> readPiece(long offset, int length) {
        long lba = offset / blockSize;
        int blocks = length / blockSize;
        return scsi.run(() -> ScsiRequest.read(lun, Cdbs.read16(lba, blocks, false), length))
                .handle((buf, e) -> {
                    if (e != null) {
                        throw mapped(e);
                    }
                    if (buf.readableBytes() != length) {
                        int got = buf.readableBytes();
                        buf.release();
                        throw new BlockIoException(BlockIoException.Kind.IO, "READ(16) LBA " + lba + " x " + blocks
                                + " on " + info.lun() + " returned " + got + " of " + length + " bytes");
                    }
                    return buf;
                });
    }

    @Override
    public CompletableFuture<Void> write(long offset, ByteBuf data, boolean fua) {
        int length = data.readableBytes();
        String bad = checkWritable(offset, length);
        if (bad != null) {
            data.release();
            return invalid(bad);
        }
        if (length == 0) {
            data.release();
            return CompletableFuture.completedFuture(null);
        }
        // The data stays referenced until every attempt of every piece is over: a retried piece
        // (after UNIT ATTENTION) takes a fresh retained slice of it.
        int max = geometry.maxTransferBytes();
        CompletableFuture<Void> result;
        if (length <= max) {
            long lba = offset / blockSize;
            int blocks = length / blockSize;
            result = done(scsi.run(() -> ScsiRequest.write(lun, Cdbs.write16(lba, blocks, fua), data.retainedSlice())));
        } else {
            List<CompletableFuture<ByteBuf>> pieces = new ArrayList<>();
            for (int o = 0; o < length; o += max) {
                int n = Math.min(max, length - o);
                long lba = (offset + o) / blockSize;
                int blocks = n / blockSize;
                int at = data.readerIndex() + o;
                pieces.add(scsi.run(() -> ScsiRequest.write(lun, Cdbs.write16(lba, blocks, fua),
                        data.retainedSlice(at, n))));
            }
            result = allDone(pieces);
        }
        return result.whenComplete((v, e) -> data.release());
    }

    @Override
    public CompletableFuture<Void> flush() {
        return done(scsi.run(() -> ScsiRequest.noData(lun, Cdbs.synchronizeCache16(0, 0), null)));
    }

    @Override
    public CompletableFuture<Void> discard(long offset, long length) {
        String bad = checkWritable(offset, length);
        if (bad != null) {
            return invalid(bad);
        }
        if (length == 0) {
            return CompletableFuture.completedFuture(null);
        }
        if (!geometry.canUnmap()) {
            return CompletableFuture.failedFuture(new BlockIoException(BlockIoException.Kind.NOT_SUPPORTED,
                    "" + info.lun() + " does not support UNMAP"));
        }
        long maxBlocks = info.limits().maxUnmapBlocks() > 0 ? info.limits().maxUnmapBlocks()
                : UnmapParameterList.UNLIMITED;
        long maxDescriptors = info.limits().maxUnmapDescriptors() > 0 ? info.limits().maxUnmapDescriptors()
                : UnmapParameterList.UNLIMITED;
        List<CompletableFuture<ByteBuf>> pieces = new ArrayList<>();
        List<UnmapParameterList.Range> range = List.of(new UnmapParameterList.Range(offset / blockSize,
                length / blockSize));
        for (byte[] list : UnmapParameterList.split(range, maxDescriptors, maxBlocks)) {
            pieces.add(scsi.run(() -> ScsiRequest.write(lun, Cdbs.unmap(list.length), Unpooled.wrappedBuffer(list),
                    "UNMAP of " + (length / blockSize) + " blocks at LBA " + (offset / blockSize) + " on "
                            + info.lun())));
        }
        return allDone(pieces);
    }

    @Override
    public CompletableFuture<Void> writeZeroes(long offset, long length, boolean mayUnmap, boolean fua) {
        String bad = checkWritable(offset, length);
        if (bad != null) {
            return invalid(bad);
        }
        long blocks = length / blockSize;
        long maxBlocks = info.limits().maxWriteSameBlocks() > 0 ? info.limits().maxWriteSameBlocks() : 65535;
        boolean unmap = mayUnmap && geometry.canUnmap();
        List<CompletableFuture<ByteBuf>> pieces = new ArrayList<>();
        for (long b = 0; b < blocks; b += maxBlocks) {
            long lba = offset / blockSize + b;
            int n = (int) Math.min(maxBlocks, blocks - b);
            pieces.add(writeSameUnsupported ? writeZeroBuffers(lba, n) : writeSame(lba, n, unmap));
        }
        CompletableFuture<Void> done = allDone(pieces);
        return fua ? done.thenCompose(v -> flush()) : done;
    }

    /** WRITE SAME(16) of a zero block, falling back to plain writes where the LUN lacks the command. */
    private CompletableFuture<ByteBuf> writeSame(long lba, int blocks, boolean unmap) {
        return scsi.run(() -> ScsiRequest.write(lun, Cdbs.writeSame16(lba, blocks, unmap, false),
                        Unpooled.wrappedBuffer(new byte[blockSize]),
                        "WRITE SAME(16)" + (unmap ? " UNMAP" : "") + " LBA " + lba + " x " + blocks + " on " + info.lun()))
                .exceptionallyCompose(e -> {
                    Throwable t = ScsiExecutor.unwrap(e);
                    if (t instanceof ScsiException && (((ScsiException) t).kind() == ScsiErrorKind.INVALID_OPCODE
                            || ((ScsiException) t).kind() == ScsiErrorKind.ILLEGAL_REQUEST)) {
                        writeSameUnsupported = true;
                        return writeZeroBuffers(lba, blocks);
                    }
                    return CompletableFuture.failedFuture(t);
                });
    }

    /** Writes zeroes with WRITE(16) from one shared, never-released zero buffer (no per-call allocation). */
    private CompletableFuture<ByteBuf> writeZeroBuffers(long lba, int blocks) {
        int chunkBlocks = zeroes().capacity() / blockSize;
        List<CompletableFuture<ByteBuf>> pieces = new ArrayList<>();
        for (long b = 0; b < blocks; b += chunkBlocks) {
            long at = lba + b;
            int n = (int) Math.min(chunkBlocks, blocks - b);
            pieces.add(scsi.run(() -> ScsiRequest.write(lun, Cdbs.write16(at, n, false), zeroes().slice(0, n * blockSize),
                    "WRITE(16) of zeroes LBA " + at + " x " + n + " on " + info.lun())));
        }
        return allDone(pieces).thenApply(v -> Unpooled.EMPTY_BUFFER);
    }

    private ByteBuf zeroes() {
        ByteBuf z = zeroBuffer;
        if (z == null) {
            int size = Math.min(geometry.maxTransferBytes(), 1 << 20) / blockSize * blockSize;
            z = Unpooled.unreleasableBuffer(Unpooled.wrappedBuffer(new byte[Math.max(size, blockSize)]));
            zeroBuffer = z;
        }
        return z;
    }

    @Override
    public CompletableFuture<List<Extent>> blockStatus(long offset, long length) {
        String bad = checkRange(offset, length);
        if (bad != null) {
            return invalid(bad);
        }
        if (!geometry.thinProvisioned()) {
            return CompletableFuture.completedFuture(List.of(new Extent(offset, length, true, false)));
        }
        long lba = offset / blockSize;
        int alloc = 16 + 16 * 64;
        return scsi.run(() -> ScsiRequest.read(lun, Cdbs.getLbaStatus(lba, alloc), alloc,
                "GET LBA STATUS LBA " + lba + " on " + info.lun())).handle((buf, e) -> {
                    if (e != null) {
                        throw mapped(e);
                    }
                    try {
                        return extents(LbaStatusData.parse(ByteBufUtil.getBytes(buf)), offset, length);
                    } finally {
                        buf.release();
                    }
                });
    }

    private List<Extent> extents(List<LbaStatusDescriptor> descriptors, long offset, long length) {
        List<Extent> result = new ArrayList<>();
        long end = offset + length;
        long at = offset;
        for (LbaStatusDescriptor d : descriptors) {
            long start = d.lba() * blockSize;
            long stop = Math.min(end, (d.lba() + d.blocks()) * blockSize);
            if (stop <= at || start > at) {
                if (start > at) {
                    break;
                }
                continue;
            }
            boolean mapped = d.provisioningStatus() == 0;
            result.add(new Extent(at, stop - at, mapped, !mapped));
            at = stop;
            if (at >= end) {
                break;
            }
        }
        if (result.isEmpty()) {
            result.add(new Extent(offset, Math.min(length, (long) blockSize), true, false));
        }
        return result;
    }

    /** One command's completion, its (empty) data released, errors mapped. */
    private static CompletableFuture<Void> done(CompletableFuture<ByteBuf> piece) {
        return piece.handle((buf, e) -> {
            if (e != null) {
                throw mapped(e);
            }
            buf.release();
            return null;
        });
    }

    private CompletableFuture<Void> allDone(List<CompletableFuture<ByteBuf>> pieces) {
        return CompletableFuture.allOf(pieces.toArray(new CompletableFuture<?>[0])).handle((v, e) -> {
            pieces.forEach(p -> p.thenAccept(ByteBuf::release));
            if (e != null) {
                throw mapped(e);
            }
            return null;
        });
    }

    private String checkRange(long offset, long length) {
        if (offset < 0 || length < 0 || offset % blockSize != 0 || length % blockSize != 0) {
            return "request offset " + offset + " length " + length + " on " + info.lun()
                    + " is not aligned to the " + blockSize + "-byte logical block";
        }
        if (offset + length > geometry.sizeBytes()) {
            return "request offset " + offset + " length " + length + " on " + info.lun()
                    + " goes beyond the end of the LUN (" + geometry.sizeBytes() + " bytes)";
        }
        return null;
    }

    private String checkWritable(long offset, long length) {
        String bad = checkRange(offset, length);
        if (bad == null && geometry.writeProtected()) {
            return "" + info.lun() + " is write-protected";
        }
        return bad;
    }

    private <T> CompletableFuture<T> invalid(String message) {
        BlockIoException.Kind kind = message.endsWith("write-protected")
                ? BlockIoException.Kind.PERMISSION : BlockIoException.Kind.INVALID;
        return CompletableFuture.failedFuture(new BlockIoException(kind, message));
    }

    private static BlockIoException mapped(Throwable e) {
        Throwable t = ScsiExecutor.unwrap(e);
        if (t instanceof BlockIoException) {
            return (BlockIoException) t;
        }
        if (t instanceof ScsiException) {
            return new BlockIoException(((ScsiException) t).blockKind(), t.getMessage(), t);
        }
        if (t instanceof SessionException) {
            return new BlockIoException(BlockIoException.Kind.IO, t.getMessage(), t);
        }
        return new BlockIoException(BlockIoException.Kind.IO, String.valueOf(t.getMessage()), t);
    }
}
