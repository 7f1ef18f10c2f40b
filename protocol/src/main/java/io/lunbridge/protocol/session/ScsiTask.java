package io.lunbridge.protocol.session;

import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.CompositeByteBuf;
import java.util.concurrent.CompletableFuture;

/**
 * Per-command state of one SCSI task in flight: where its Data-In has got to, when it times out,
 * and whether it is being aborted. Owned by the session's event loop.
 */
final class ScsiTask extends Task {
    final ScsiRequest request;
    final CompletableFuture<ScsiResult> future;
    int cmdSn;
    boolean sent;
    /** Data-In received so far, in order; created on the first Data-In. */
    CompositeByteBuf readData;
    int received;
    /** An ABORT TASK for this task is in flight. */
    boolean aborting;

    ScsiTask(ScsiRequest request, CompletableFuture<ScsiResult> future) {
        this.request = request;
        this.future = future;
    }

    CompositeByteBuf readBuffer(ByteBufAllocator alloc) {
        if (readData == null) {
            readData = alloc.compositeBuffer(Integer.MAX_VALUE);
        }
        return readData;
    }

    /**
     * Releases every buffer the task owns: the partial read data. The write data is only borrowed
     * (see {@link ScsiRequest}); the Data-Out PDUs hold retained slices that the encoder releases.
     */
    void releaseBuffers() {
        if (readData != null) {
            readData.release();
            readData = null;
        }
    }

    /** Releases the task's buffers and fails its command. */
    void fail(SessionException reason) {
        releaseBuffers();
        future.completeExceptionally(reason);
    }
}
