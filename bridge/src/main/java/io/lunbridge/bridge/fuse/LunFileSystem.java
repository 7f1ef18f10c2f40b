package io.lunbridge.bridge.fuse;

import io.lunbridge.block.BlockDevice;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Answers FUSE requests for a one-directory filesystem: the root (node 1) holds one file per LUN
 * (nodes 2, 3, …; {@link LunFiles}). This class dispatches, negotiates INIT and answers the
 * namespace requests (LOOKUP, GETATTR, SETATTR, OPEN, READDIR, STATFS); READ, WRITE, FSYNC and
 * FALLOCATE go to the file's {@link BlockDevice} through {@link LunFileIo}, asynchronously, and are
 * answered when the device completes. Files are opened with FOPEN_DIRECT_IO: no page cache.
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
    private static final long ROOT = LunFiles.ROOT;
    private static final long VALID_SECONDS = 86400;

    private final LunFiles files;
    private final LunFileIo io;
    private final FuseInitNegotiation negotiation;
    private final FuseReplyEncoder encoder;
    private final FuseCounters counters;
    private final CompletableFuture<FuseInitReply> initialized = new CompletableFuture<>();
    private final CompletableFuture<Void> destroyed = new CompletableFuture<>();

    public LunFileSystem(List<FuseFile> files, FuseInitNegotiation negotiation, FuseReplyEncoder encoder,
                         FuseCounters counters, long mountTimeSeconds) {
        this.files = new LunFiles(files, mountTimeSeconds);
        this.io = new LunFileIo(this.files, encoder, counters);
        this.negotiation = negotiation;
        this.encoder = encoder;
        this.counters = counters;
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
        return files.anyWritable();
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
            io.write(w, sink);
        } else if (request instanceof FuseRequest.Read r) {
            if (r.directory()) {
                readdir(r, sink);
            } else {
                io.read(r, sink);
            }
        } else if (request instanceof FuseRequest.Fsync f) {
            io.fsync(f, sink);
        } else if (request instanceof FuseRequest.Init init) {
            init(init, sink);
        } else if (request instanceof FuseRequest.Lookup l) {
            Optional<FuseAttr> a = node == ROOT ? files.lookup(l.name()).flatMap(files::attr) : Optional.empty();
            sink.reply(a.isPresent() ? encoder.entry(unique, a.get(), VALID_SECONDS) : encoder.error(unique, ENOENT));
        } else if (request instanceof FuseRequest.GetAttr) {
            Optional<FuseAttr> a = files.attr(node);
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
            io.fallocate(f, sink);
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
        for (FuseFile f : files.all()) {
            if (!f.device().geometry().canUnmap()) {
                LOG.debug("STATFS refused: {} cannot unmap, so the loop device must not offer discard", f.name());
                sink.reply(encoder.error(unique, ENOSYS));
                return;
            }
            total += f.device().geometry().sizeBytes();
        }
        sink.reply(encoder.statfs(unique, total / 4096, 4096, files.all().size() + 1L));
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
        Optional<FuseFile> f = files.file(node);
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
        Optional<FuseAttr> a = files.attr(s.header().nodeId());
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

    private void readdir(FuseRequest.Read r, FuseReplySink sink) {
        long unique = r.header().unique();
        if (r.header().nodeId() != ROOT) {
            sink.reply(encoder.error(unique, ENOENT));
            return;
        }
        sink.reply(encoder.readdir(unique, files.entries(), r.offset(), r.size()));
    }
}
