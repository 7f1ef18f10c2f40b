package io.lunbridge.protocol.session;

import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.CompositeByteBuf;
import java.util.concurrent.CompletableFuture;

/**
 * Per-command state of one SCSI task in flight: where its Data-In has got to, when it times out,
 * and whether it is being aborted. Owned by the session's event loop.
 */
final class ScsiTask {
    final ScsiRequest request;
    final CompletableFuture<ScsiResult> future;
    int itt;
    int cmdSn;
    boolean sent;
    long deadlineNanos;
    /** Data-In received so far, in order; created on the first Data-In. */
    CompositeByteBuf readData;
    int received;
    /** An ABORT TASK for this task is in flight. */
    boolean aborting;
    private boolean released;

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

    /** Releases every buffer the task holds (write data, partial read data). */
    void releaseBuffers() {
        if (!released) {
            released = true;
            request.writeData().release();
        }
        if (readData != null) {
            readData.release();
            readData = null;
        }
    }
}
