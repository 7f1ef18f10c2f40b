package io.lunbridge.bridge.nbd.transmission;

import io.lunbridge.block.BlockDevice;
import io.lunbridge.block.BlockDevice.Extent;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.util.concurrent.EventExecutor;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Runs one connection's requests against its export's {@link BlockDevice} and writes each reply:
 * validates a request ({@link RequestValidator}: a refused one is answered with its errno and never
 * reaches the device), maps the command to the device call, and answers when the device completes,
 * on the channel's event loop (device futures complete on the device's threads; every completion hops
 * back, so nothing is locked). What to run and when is the {@link TransmissionHandler}'s business;
 * this class only executes and answers.
 *
 * <p>NBD_CMD_CACHE is advisory (proto.md: success need not imply any caching); it is validated and
 * answered with success without touching the device, since read-ahead through the engine would only
 * cost bandwidth with no cache to keep the data in.
 *
 * <p>Replies are written with the void promise (no promise object per reply): a failed write
 * reaches the handler's {@code exceptionCaught} like any other transport error.
 *
 * <p>Buffer ownership: {@link #execute} takes over the request's payload: it goes to
 * {@link BlockDevice#write}, which releases it, or is released here; {@link #refuse} expects it gone. Read buffers returned by the
 * device are written to the channel as they are (no copy) and released by Netty once sent, or here
 * when they cannot be used. Not thread-safe: called on the channel's event loop only.
 */
final class RequestExecutor {
    private static final Logger LOG = LogManager.getLogger(TransmissionHandler.class);

    private final ChannelHandlerContext ctx;
    private final TransmissionParameters params;
    private final BlockDevice device;
    private final RequestValidator validator;
    private final RejectionLog rejections;
    private final String peer;
    private final Consumer<NbdRequest> done;

    /**
     * @param done called once per request, on the event loop, right after its reply was written
     *             (possibly from within {@link #execute})
     */
    RequestExecutor(ChannelHandlerContext ctx, TransmissionParameters params, String peer, Consumer<NbdRequest> done) {
        this.ctx = ctx;
        this.params = params;
        this.device = params.export().device();
        this.validator = new RequestValidator(params);
        this.rejections = new RejectionLog(peer, params.export().name());
        this.peer = peer;
        this.done = done;
    }

    /** Validates and runs {@code r}; its reply is written when the device completes it. */
    void execute(NbdRequest r) {
        Optional<Rejection> rejection = validator.check(r);
        if (rejection.isPresent()) {
            r.release();
            rejections.log(r, rejection.get());
            refuse(r, rejection.get().errno(), rejection.get().message());
            return;
        }
        boolean fua = (r.flags() & CommandFlags.FUA) != 0 && params.has(TransmissionFlags.SEND_FUA);
        switch (r.command()) {
            case READ:
                if (r.length() == 0) {
                    finishOk(r);
                } else {
                    call(() -> device.read(r.offset(), (int) r.length()), (buf, ex) -> completeRead(r, buf, ex));
                }
                break;
            case WRITE:
                if (r.length() == 0) {
                    r.release();
                    finishOk(r);
                } else {
                    call(() -> device.write(r.offset(), r.payload(), fua), (v, ex) -> complete(r, ex));
                }
                break;
            case FLUSH:
                call(device::flush, (v, ex) -> complete(r, ex));
                break;
            case TRIM:
                if (r.length() == 0) {
                    finishOk(r);
                } else if (fua) {
                    call(() -> device.discard(r.offset(), r.length()).thenCompose(v -> device.flush()),
                            (v, ex) -> complete(r, ex));
                } else {
                    call(() -> device.discard(r.offset(), r.length()), (v, ex) -> complete(r, ex));
                }
                break;
            case WRITE_ZEROES:
                writeZeroes(r, fua);
                break;
            case BLOCK_STATUS:
                blockStatus(r);
                break;
            case CACHE:
                finishOk(r);
                break;
            default:
                refuse(r, NbdErrno.EINVAL, "command " + r.command() + " not handled");
        }
    }

    /**
     * Answers {@code r} with {@code errno}. Its payload must already be released or handed to the
     * device (a released slice may be recycled, so it is never released twice).
     */
    void refuse(NbdRequest r, NbdErrno errno, String message) {
        ctx.writeAndFlush(params.structuredReplies()
                ? ReplyEncoder.structuredError(ctx.alloc(), r.handle(), errno.value(), message)
                : ReplyEncoder.simple(ctx.alloc(), r.handle(), errno.value()), ctx.voidPromise());
        done.accept(r);
    }

    private void writeZeroes(NbdRequest r, boolean fua) {
        boolean fast = (r.flags() & CommandFlags.FAST_ZERO) != 0;
        if (fast && !device.geometry().canWriteZeroes()) {
            refuse(r, NbdErrno.ENOTSUP, "fast zero not possible: the device has no WRITE SAME");
            return;
        }
        if (r.length() == 0) {
            finishOk(r);
            return;
        }
        boolean mayUnmap = (r.flags() & CommandFlags.NO_HOLE) == 0;
        call(() -> device.writeZeroes(r.offset(), r.length(), mayUnmap, fua), (v, ex) -> complete(r, ex));
    }

    private void blockStatus(NbdRequest r) {
        int min = params.blockSizes().minimum();
        long length = r.length() - r.length() % min;
        long deviceLength = length == 0 ? min : length;
        boolean reqOne = (r.flags() & CommandFlags.REQ_ONE) != 0;
        call(() -> device.blockStatus(r.offset(), deviceLength), (List<Extent> extents, Throwable ex) -> {
            if (ex != null) {
                complete(r, ex);
                return;
            }
            List<ExtentMapper.Descriptor> d = ExtentMapper.map(r.offset(), deviceLength, extents, reqOne);
            ctx.writeAndFlush(ReplyEncoder.blockStatus(ctx.alloc(), r.handle(), params.metaContextId(), d), ctx.voidPromise());
            done.accept(r);
        });
    }

    private <T> void call(Supplier<CompletableFuture<T>> op, BiConsumer<T, Throwable> onLoop) {
        CompletableFuture<T> f;
        try {
            f = op.get();
        } catch (RuntimeException e) {
            f = CompletableFuture.failedFuture(e);
        }
        f.whenComplete((value, ex) -> runOnLoop(() -> onLoop.accept(value, ex), value));
    }

    private void runOnLoop(Runnable task, Object resource) {
        EventExecutor executor = ctx.executor();
        if (executor.inEventLoop()) {
            task.run();
            return;
        }
        try {
            executor.execute(task);
        } catch (RejectedExecutionException e) {
            if (resource instanceof ByteBuf) {
                ((ByteBuf) resource).release();
            }
            LOG.warn("NBD connection {}: reply dropped, event loop already shut down", peer);
        }
    }

    private void completeRead(NbdRequest r, ByteBuf data, Throwable ex) {
        if (ex != null) {
            complete(r, ex);
            return;
        }
        if (data.readableBytes() != r.length()) {
            int got = data.readableBytes();
            data.release();
            LOG.warn("NBD connection {}: device returned {} bytes for a read of {} at {}", peer, got, r.length(),
                    r.offset());
            refuse(r, NbdErrno.EIO, "device returned " + got + " bytes for a read of " + r.length());
            return;
        }
        if (params.structuredReplies()) {
            ctx.write(ReplyEncoder.offsetDataHeader(ctx.alloc(), r.handle(), r.offset(), data.readableBytes()),
                    ctx.voidPromise());
        } else {
            ctx.write(ReplyEncoder.simple(ctx.alloc(), r.handle(), 0), ctx.voidPromise());
        }
        ctx.writeAndFlush(data, ctx.voidPromise());
        done.accept(r);
    }

    private void complete(NbdRequest r, Throwable ex) {
        if (ex == null) {
            finishOk(r);
        } else {
            NbdErrno errno = NbdErrno.of(ex);
            LOG.debug("NBD connection {}: {} failed with {}: {}", peer, r, errno, ex.toString());
            refuse(r, errno, r.command() + " at " + r.offset() + " failed: " + RejectionLog.rootMessage(ex));
        }
    }

    private void finishOk(NbdRequest r) {
        ctx.writeAndFlush(params.structuredReplies()
                ? ReplyEncoder.structuredNone(ctx.alloc(), r.handle())
                : ReplyEncoder.simple(ctx.alloc(), r.handle(), 0), ctx.voidPromise());
        done.accept(r);
    }
}
