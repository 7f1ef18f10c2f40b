package io.lunbridge.bridge.fuse;

import io.lunbridge.block.BlockDevice;
import io.lunbridge.block.BlockIoException;
import io.lunbridge.block.Geometry;
import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Answers FUSE requests for a one-directory filesystem: the root (node 1) holds one file per LUN
 * (nodes 2, 3, …). READ, WRITE, FSYNC and FALLOCATE go to the file's {@link BlockDevice}
 * asynchronously and are answered when the device completes, so many are in flight at once. A WRITE
 * is answered only after the device acknowledged it; FSYNC is a {@link BlockDevice#flush()} (SCSI
 * SYNCHRONIZE CACHE), never answered locally. Files are opened with FOPEN_DIRECT_IO: no page cache.
 *
 * <p>Nothing thrown here escapes: a bad or failing request is logged and answered with an errno.
 */
public final class LunFileSystem {
    private static final Logger LOG = LogManager.getLogger(LunFileSystem.class);
    static final int ENOENT = 2;
    static final int EIO = 5;
    static final int EISDIR = 21;
    static final int EINVAL = 22;
    static final int ENOSPC = 28;
    static final int EROFS = 30;
    static final int ENOSYS = 38;
    static final int EOPNOTSUPP = 95;
    static final int FOPEN_DIRECT_IO = 1;
    static final int FOPEN_PARALLEL_DIRECT_WRITES = 1 << 6;
    private static final int O_ACCMODE = 3;
    private static final long ROOT = 1;
    private static final long VALID_SECONDS = 86400;

    private final List<FuseFile> files;
    private final FuseInitNegotiation negotiation;
    private final FuseReplyEncoder encoder;
    private final FuseCounters counters;
    private final long mountTime;
    private final CompletableFuture<FuseInitReply> initialized = new CompletableFuture<>();
    private final CompletableFuture<Void> destroyed = new CompletableFuture<>();

    public LunFileSystem(List<FuseFile> files, FuseInitNegotiation negotiation, FuseReplyEncoder encoder,
                         FuseCounters counters, long mountTimeSeconds) {
        List<String> names = new ArrayList<>();
        for (FuseFile f : files) {
            if (names.contains(f.name())) {
                throw new IllegalArgumentException("FUSE file name '" + f.name() + "' is used twice");
            }
            names.add(f.name());
        }
        this.files = List.copyOf(files);
        this.negotiation = negotiation;
        this.encoder = encoder;
        this.counters = counters;
        this.mountTime = mountTimeSeconds;
    }

    /** Completes with the negotiated parameters once FUSE_INIT was answered. */
    public CompletableFuture<FuseInitReply> initialized() {
        return initialized;
    }

    /** Completes when the kernel sent FUSE_DESTROY (the filesystem was unmounted). */
    public CompletableFuture<Void> destroyed() {
        return destroyed;
    }

    /** Whether any file accepts writes (so that writeback can reach this daemon). */
    public boolean anyWritable() {
        return files.stream().anyMatch(f -> !f.device().geometry().writeProtected());
    }

    /** Answers a request that could not be decoded: logged at WARN, EIO. */
    public void badRequest(long unique, FuseFormatException e, FuseReplySink sink) {
        counters.badRequest();
        LOG.warn("bad FUSE request: {}", e.getMessage());
        sink.reply(encoder.error(unique, EIO));
    }

    /** Handles one request; the reply (if the opcode has one) goes to {@code sink}, maybe later. */
    public void handle(FuseRequest request, FuseReplySink sink) {
        long unique = request.header().unique();
        try {
            dispatch(request, sink);
        } catch (RuntimeException e) {
            counters.error();
            LOG.error("FUSE request {} (opcode {}) failed unexpectedly", unique, request.header().opcode(), e);
            sink.reply(encoder.error(unique, EIO));
        }
    }

    private void dispatch(FuseRequest request, FuseReplySink sink) {
        long unique = request.header().unique();
        long node = request.header().nodeId();
        if (request instanceof FuseRequest.Write w) {
            write(w, sink);
        } else if (request instanceof FuseRequest.Read r) {
            if (r.directory()) {
                readdir(r, sink);
            } else {
                read(r, sink);
            }
        } else if (request instanceof FuseRequest.Fsync f) {
            fsync(f, sink);
        } else if (request instanceof FuseRequest.Init init) {
            init(init, sink);
        } else if (request instanceof FuseRequest.Lookup l) {
            Optional<Integer> i = node == ROOT ? indexOf(l.name()) : Optional.empty();
            sink.reply(i.isPresent() ? encoder.entry(unique, fileAttr(i.get()), VALID_SECONDS)
                    : encoder.error(unique, ENOENT));
        } else if (request instanceof FuseRequest.GetAttr) {
            Optional<FuseAttr> a = attr(node);
            sink.reply(a.isPresent() ? encoder.attr(unique, a.get(), VALID_SECONDS) : encoder.error(unique, ENOENT));
        } else if (request instanceof FuseRequest.SetAttr s) {
            setattr(s, sink);
        } else if (request instanceof FuseRequest.Open o) {
            open(o, sink);
        } else if (request instanceof FuseRequest.Flush || request instanceof FuseRequest.Release) {
            sink.reply(encoder.ok(unique));
        } else if (request instanceof FuseRequest.StatFs) {
            statfs(unique, sink);
        } else if (request instanceof FuseRequest.Fallocate f) {
            fallocate(f, sink);
        } else if (request instanceof FuseRequest.Destroy) {
            sink.reply(encoder.ok(unique));
            destroyed.complete(null);
        } else if (request instanceof FuseRequest.Forget || request instanceof FuseRequest.BatchForget
                || request instanceof FuseRequest.Interrupt) {
            // No reply: nothing is cached per lookup, and every request completes on its own.
            LOG.debug("no reply for {}", request);
        } else {
            sink.reply(encoder.error(unique, ENOSYS));
        }
    }

    /**
     * STATFS, refused (ENOSYS) unless every LUN can unmap: the loop driver advertises discard and
     * WRITE_ZEROES for a backing file only when statfs of its filesystem succeeds, and both become
     * FALLOC_FL_PUNCH_HOLE, which a LUN without UNMAP cannot do (the kernel would log "operation not
     * supported … WRITE_ZEROES" for every zeroing mkfs asks for). Without them the block layer writes
     * the zeroes itself. The cost: {@code df} on the mount directory fails.
     */
    private void statfs(long unique, FuseReplySink sink) {
        long total = 0;
        for (FuseFile f : files) {
            if (!f.device().geometry().canUnmap()) {
                LOG.debug("STATFS refused: {} cannot unmap, so the loop device must not offer discard", f.name());
                sink.reply(encoder.error(unique, ENOSYS));
                return;
            }
            total += f.device().geometry().sizeBytes();
        }
        sink.reply(encoder.statfs(unique, total / 4096, 4096, files.size() + 1L));
    }

    private void init(FuseRequest.Init init, FuseReplySink sink) {
        try {
            FuseInitReply reply = negotiation.answer(init);
            sink.reply(encoder.init(init.header().unique(), reply));
            if (reply.major() == 7 && init.major() == 7) {
                LOG.info("FUSE protocol 7.{} (kernel 7.{}), {} byte requests, {} background, flags {}",
                        reply.minor(), init.minor(), reply.maxWrite(), reply.maxBackground(),
                        Long.toHexString(reply.flags()));
                initialized.complete(reply);
            }
        } catch (FuseFormatException e) {
            LOG.error("FUSE_INIT refused: {}", e.getMessage());
            sink.reply(encoder.error(init.header().unique(), 71)); // EPROTO
            initialized.completeExceptionally(e);
        }
    }

    private void open(FuseRequest.Open o, FuseReplySink sink) {
        long unique = o.header().unique();
        long node = o.header().nodeId();
        if (o.directory()) {
            sink.reply(node == ROOT ? encoder.open(unique, 0, 0) : encoder.error(unique, ENOENT));
            return;
        }
        Optional<FuseFile> f = file(node);
        if (f.isEmpty()) {
            sink.reply(encoder.error(unique, node == ROOT ? EISDIR : ENOENT));
        } else if ((o.flags() & O_ACCMODE) != 0 && f.get().device().geometry().writeProtected()) {
            sink.reply(encoder.error(unique, EROFS));
        } else {
            sink.reply(encoder.open(unique, node, FOPEN_DIRECT_IO | FOPEN_PARALLEL_DIRECT_WRITES));
        }
    }

    private void setattr(FuseRequest.SetAttr s, FuseReplySink sink) {
        long unique = s.header().unique();
        Optional<FuseAttr> a = attr(s.header().nodeId());
        if (a.isEmpty()) {
            sink.reply(encoder.error(unique, ENOENT));
        } else if ((s.valid() & FuseRequest.SetAttr.FATTR_SIZE) != 0 && s.size() != a.get().size()) {
            LOG.debug("refused resizing node {} to {}", s.header().nodeId(), s.size());
            sink.reply(encoder.error(unique, EINVAL));
        } else {
            // Modes, owners and times are fixed; accepting the request keeps tools like touch happy.
            sink.reply(encoder.attr(unique, a.get(), VALID_SECONDS));
        }
    }

    private void read(FuseRequest.Read r, FuseReplySink sink) {
        long unique = r.header().unique();
        Optional<FuseFile> f = file(r.header().nodeId());
        if (f.isEmpty()) {
            sink.reply(encoder.error(unique, r.header().nodeId() == ROOT ? EISDIR : ENOENT));
            return;
        }
        BlockDevice device = f.get().device();
        Geometry g = device.geometry();
        if (r.offset() < 0) {
            sink.reply(encoder.error(unique, EINVAL));
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

    private void write(FuseRequest.Write w, FuseReplySink sink) {
        long unique = w.header().unique();
        ByteBuf data = w.data();
        int length = data.readableBytes();
        Optional<FuseFile> f = file(w.header().nodeId());
        int refused = 0;
        if (f.isEmpty()) {
            refused = w.header().nodeId() == ROOT ? EISDIR : ENOENT;
        } else {
            Geometry g = f.get().device().geometry();
            if (g.writeProtected()) {
                refused = EROFS;
            } else if (w.offset() + length > g.sizeBytes()) {
                refused = ENOSPC;
            } else if (w.offset() % g.logicalBlockSize() != 0 || length % g.logicalBlockSize() != 0) {
                LOG.warn("refused write of {} bytes at {} to {}: not aligned to its {}-byte blocks",
                        length, w.offset(), f.get().name(), g.logicalBlockSize());
                refused = EINVAL;
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

    private void fsync(FuseRequest.Fsync fs, FuseReplySink sink) {
        long unique = fs.header().unique();
        if (fs.directory() || fs.header().nodeId() == ROOT) {
            sink.reply(encoder.ok(unique));
            return;
        }
        Optional<FuseFile> f = file(fs.header().nodeId());
        if (f.isEmpty()) {
            sink.reply(encoder.error(unique, ENOENT));
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

    private void fallocate(FuseRequest.Fallocate fa, FuseReplySink sink) {
        long unique = fa.header().unique();
        Optional<FuseFile> f = file(fa.header().nodeId());
        if (f.isEmpty()) {
            sink.reply(encoder.error(unique, ENOENT));
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
            sink.reply(encoder.error(unique, EROFS));
        } else if (end > g.sizeBytes() || end < fa.offset()) {
            sink.reply(encoder.error(unique, kind == 0 ? ENOSPC : EINVAL));
        } else if (kind == 0) {
            // Plain allocation inside the fixed size: every block already exists.
            sink.reply(encoder.ok(unique));
        } else if (fa.offset() % g.logicalBlockSize() != 0 || fa.length() % g.logicalBlockSize() != 0) {
            sink.reply(encoder.error(unique, EINVAL));
        } else if (kind == FuseRequest.Fallocate.PUNCH_HOLE && (mode & FuseRequest.Fallocate.KEEP_SIZE) != 0
                && g.canUnmap()) {
            // A punched hole must read back as zeroes, which a plain discard does not promise.
            answer.accept(f.get().device().writeZeroes(fa.offset(), fa.length(), true, false));
        } else if (kind == FuseRequest.Fallocate.ZERO_RANGE) {
            answer.accept(f.get().device().writeZeroes(fa.offset(), fa.length(), false, false));
        } else {
            sink.reply(encoder.error(unique, EOPNOTSUPP));
        }
    }

    private void readdir(FuseRequest.Read r, FuseReplySink sink) {
        long unique = r.header().unique();
        if (r.header().nodeId() != ROOT) {
            sink.reply(encoder.error(unique, ENOENT));
            return;
        }
        List<FuseReplyEncoder.Dirent> entries = new ArrayList<>();
        entries.add(new FuseReplyEncoder.Dirent(ROOT, ".", FuseReplyEncoder.DT_DIR));
        entries.add(new FuseReplyEncoder.Dirent(ROOT, "..", FuseReplyEncoder.DT_DIR));
        for (int i = 0; i < files.size(); i++) {
            entries.add(new FuseReplyEncoder.Dirent(i + 2, files.get(i).name(), FuseReplyEncoder.DT_REG));
        }
        sink.reply(encoder.readdir(unique, entries, r.offset(), r.size()));
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
        return EIO;
    }

    private Optional<Integer> indexOf(String name) {
        for (int i = 0; i < files.size(); i++) {
            if (files.get(i).name().equals(name)) {
                return Optional.of(i);
            }
        }
        return Optional.empty();
    }

    private Optional<FuseFile> file(long node) {
        return node >= 2 && node - 2 < files.size() ? Optional.of(files.get((int) (node - 2))) : Optional.empty();
    }

    private Optional<FuseAttr> attr(long node) {
        if (node == ROOT) {
            return Optional.of(new FuseAttr(ROOT, 0, FuseAttr.S_IFDIR | 0755, 2, 4096, mountTime));
        }
        return file(node).map(f -> fileAttr((int) (node - 2)));
    }

    private FuseAttr fileAttr(int index) {
        Geometry g = files.get(index).device().geometry();
        int mode = FuseAttr.S_IFREG | (g.writeProtected() ? 0400 : 0600);
        int blksize = Math.max(g.physicalBlockSize(), 4096);
        return new FuseAttr(index + 2L, g.sizeBytes(), mode, 1, blksize, mountTime);
    }
}
