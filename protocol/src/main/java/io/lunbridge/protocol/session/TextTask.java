package io.lunbridge.protocol.session;

import io.lunbridge.protocol.text.KeyValue;
import io.netty.buffer.CompositeByteBuf;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** A text exchange in full feature phase; {@link #text} gathers the responses' data and is owned by the task. */
final class TextTask extends Task {
    static final int MAX_TEXT = 1 << 20;
    final List<KeyValue> request;
    final CompositeByteBuf text;
    final CompletableFuture<List<KeyValue>> future = new CompletableFuture<>();

    TextTask(List<KeyValue> request, CompositeByteBuf text) {
        this.request = request;
        this.text = text;
    }

    /** Releases the gathered text and fails the exchange. */
    void fail(Throwable reason) {
        text.release();
        future.completeExceptionally(reason);
    }
}
