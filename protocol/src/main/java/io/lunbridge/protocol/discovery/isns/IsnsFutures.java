package io.lunbridge.protocol.discovery.isns;

import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** Small helpers of the iSNS client: unwrapping future failures, naming addresses. */
final class IsnsFutures {
    private IsnsFutures() {
    }

    static <T> void complete(CompletableFuture<T> f, T value, Throwable e) {
        if (e != null) {
            f.completeExceptionally(unwrap(e));
        } else {
            f.complete(value);
        }
    }

    /** The cause under CompletionException / ExecutionException wrappers. */
    static Throwable unwrap(Throwable e) {
        Throwable t = e;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    /** {@code host:port} with the numeric address when resolved. */
    static String describe(InetSocketAddress a) {
        String host = a.getAddress() != null ? a.getAddress().getHostAddress() : a.getHostString();
        return host + ":" + a.getPort();
    }
}
