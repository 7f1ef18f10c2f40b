package io.lunbridge.bridge.fuse;

import io.lunbridge.block.BlockDevice;
import io.lunbridge.block.BlockIoException;
import io.lunbridge.block.Geometry;
import io.netty.buffer.ByteBuf;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The data requests of a {@link LunFileSystem}: READ, WRITE, FSYNC and FALLOCATE go to the file's
 * {@link BlockDevice} asynchronously and are answered when the device completes, so many are in
 * flight at once. A WRITE is answered only after the device acknowledged it; FSYNC is a
 * {@link BlockDevice#flush()} (SCSI SYNCHRONIZE CACHE), never answered locally. A device failure
 * becomes its errno ({@link BlockIoException.Kind#errno()}), anything else EIO.
 *
 * <p>Buffers: a WRITE's data (owned by the request) goes to the device, which releases it, or is
 * released here when refused; a read buffer from the device goes to the reply sink, which releases it.
 */
final class LunFileIo {
    private static final Logger LOG = LogManager.getLogger(LunFileSystem.class);

    private final LunFiles files;
    private final FuseReplyEncoder encoder;
    private final FuseCounters counters;

    LunFileIo(LunFiles files, FuseReplyEncoder encoder, FuseCounters counters) {
        this.files = files;
        this.encoder = encoder;
        this.counters = counters;
    }

    void read(FuseRequest.Read r, FuseReplySink sink) {
        long unique = r.header().unique();
        Optional<FuseFile> f = files.file(r.header().nodeId());
        if (f.isEmpty()) {
            sink.reply(encoder.error(unique, r.header().nodeId() == LunFiles.ROOT ? LunFileSystem.EISDIR
                    : LunFileSystem.ENOENT));
            return;
        }
        BlockDevice device = f.get().device();
        Geometry g = device.geometry();
        if (r.offset() < 0) {
            sink.reply(encoder.error(unique, LunFileSystem.EINVAL));
            return;
        }
        long end = Math.min(g.sizeBytes(), r.offset() + r.size());
        if (end <= r.offset()) {
            sink.reply(encoder.dataHeader(unique, 0));
            return;
        }
        int bs = g.logicalBlockSize();
        long start = r.offset() / bs * bs;
        long alignedEnd = (end + bs - 1) / bs * bs;
        int skip = (int) (r.offset() - start);
        int length = (int) (end - r.offset());
        counters.read();
        counters.started();
        device.read(start, (int) (alignedEnd - start)).whenComplete((buf, error) -> {
            counters.finished();
            if (error != null) {
                sink.reply(encoder.error(unique, errno(error, "read", r.offset(), length)));
            } else if (skip == 0 && buf.readableBytes() == length) {
                sink.reply(encoder.dataHeader(unique, length), buf);
            } else {
                ByteBuf part = buf.retainedSlice(buf.readerIndex() + skip, length);
                buf.release();
                sink.reply(encoder.dataHeader(unique, length), part);
            }
        });
    }

    void write(FuseRequest.Write w, FuseReplySink sink) {
        long unique = w.header().unique();
        ByteBuf data = w.data();
        int length = data.readableBytes();
        Optional<FuseFile> f = files.file(w.header().nodeId());
        int refused = 0;
        if (f.isEmpty()) {
            refused = w.header().nodeId() == LunFiles.ROOT ? LunFileSystem.EISDIR : LunFileSystem.ENOENT;
        } else {
            Geometry g = f.get().device().geometry();
            if (g.writeProtected()) {
                refused = LunFileSystem.EROFS;
            } else if (w.offset() + length > g.sizeBytes()) {
                refused = LunFileSystem.ENOSPC;
            } else if (w.offset() % g.logicalBlockSize() != 0 || length % g.logicalBlockSize() != 0) {
                LOG.warn("refused write of {} bytes at {} to {}: not aligned to its {}-byte blocks",
                        length, w.offset(), f.get().name(), g.logicalBlockSize());
                refused = LunFileSystem.EINVAL;
            }
        }
        if (refused != 0) {
            data.release();
            counters.error();
            sink.reply(encoder.error(unique, refused));
            return;
        }
        counters.write();
        counters.started();
        f.get().device().write(w.offset(), data, false).whenComplete((v, error) -> {
            counters.finished();
            sink.reply(error == null ? encoder.write(unique, length)
                    : encoder.error(unique, errno(error, "write", w.offset(), length)));
        });
    }

    void fsync(FuseRequest.Fsync fs, FuseReplySink sink) {
        long unique = fs.header().unique();
        if (fs.directory() || fs.header().nodeId() == LunFiles.ROOT) {
            sink.reply(encoder.ok(unique));
            return;
        }
        Optional<FuseFile> f = files.file(fs.header().nodeId());
        if (f.isEmpty()) {
            sink.reply(encoder.error(unique, LunFileSystem.ENOENT));
            return;
        }
        counters.fsync();
        counters.started();
        f.get().device().flush().whenComplete((v, error) -> {
            counters.finished();
            if (error == null) {
                counters.flushCompleted();
                sink.reply(encoder.ok(unique));
            } else {
                sink.reply(encoder.error(unique, errno(error, "flush", 0, 0)));
            }
        });
    }

    void fallocate(FuseRequest.Fallocate fa, FuseReplySink sink) {
        long unique = fa.header().unique();
        Optional<FuseFile> f = files.file(fa.header().nodeId());
        if (f.isEmpty()) {
            sink.reply(encoder.error(unique, LunFileSystem.ENOENT));
            return;
        }
        Geometry g = f.get().device().geometry();
        int mode = fa.mode();
        int kind = mode & ~FuseRequest.Fallocate.KEEP_SIZE;
        long end = fa.offset() + fa.length();
        Consumer<CompletableFuture<Void>> answer = future -> {
            counters.started();
            future.whenComplete((v, error) -> {
                counters.finished();
                sink.reply(error == null ? encoder.ok(unique)
                        : encoder.error(unique, errno(error, "fallocate", fa.offset(), fa.length())));
            });
        };
        if (g.writeProtected()) {
            sink.reply(encoder.error(unique, LunFileSystem.EROFS));
        } else if (end > g.sizeBytes() || end < fa.offset()) {
            sink.reply(encoder.error(unique, kind == 0 ? LunFileSystem.ENOSPC : LunFileSystem.EINVAL));
        } else if (kind == 0) {
            // Plain allocation inside the fixed size: every block already exists.
            sink.reply(encoder.ok(unique));
        } else if (fa.offset() % g.logicalBlockSize() != 0 || fa.length() % g.logicalBlockSize() != 0) {
            sink.reply(encoder.error(unique, LunFileSystem.EINVAL));
        } else if (kind == FuseRequest.Fallocate.PUNCH_HOLE && (mode & FuseRequest.Fallocate.KEEP_SIZE) != 0
                && g.canUnmap()) {
            // A punched hole must read back as zeroes, which a plain discard does not promise.
            answer.accept(f.get().device().writeZeroes(fa.offset(), fa.length(), true, false));
        } else if (kind == FuseRequest.Fallocate.ZERO_RANGE) {
            answer.accept(f.get().device().writeZeroes(fa.offset(), fa.length(), false, false));
        } else {
            sink.reply(encoder.error(unique, LunFileSystem.EOPNOTSUPP));
        }
    }

    private int errno(Throwable error, String op, long offset, long length) {
        counters.error();
        Throwable t = error;
        while (t instanceof CompletionException && t.getCause() != null) {
            t = t.getCause();
        }
        if (t instanceof BlockIoException b) {
            LOG.debug("{} of {} bytes at {} failed: {}", op, length, offset, b.getMessage());
            return b.kind().errno();
        }
        LOG.warn("{} of {} bytes at {} failed unexpectedly", op, length, offset, t);
        return LunFileSystem.EIO;
    }
}
