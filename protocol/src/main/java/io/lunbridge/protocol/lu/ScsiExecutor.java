package io.lunbridge.protocol.lu;

import io.lunbridge.protocol.scsi.ScsiException;
import io.lunbridge.protocol.scsi.SenseData;
import io.lunbridge.protocol.session.ScsiRequest;
import io.lunbridge.protocol.session.ScsiResult;
import io.netty.buffer.ByteBuf;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Runs SCSI commands through a {@link ScsiTransport} and turns non-GOOD status into typed
 * {@link ScsiException}s. Commands that fail with a retryable condition (UNIT ATTENTION, BUSY,
 * TASK SET FULL, ABORTED COMMAND) are re-issued a bounded number of times: they were not executed,
 * so re-issuing a write is safe.
 */
final class ScsiExecutor {
    static final int MAX_RETRIES = 5;
    private static final int RECOVERED_ERROR = 0x01;
    private static final Logger LOG = LogManager.getLogger(ScsiExecutor.class);

    private final ScsiTransport transport;

    ScsiExecutor(ScsiTransport transport) {
        this.transport = transport;
    }

    /**
     * Executes the request built by {@code request} (a fresh one per attempt: each carries its own
     * reference to the write data, which the transport borrows and this executor releases when the
     * attempt completes) and returns the data read; the caller owns it.
     */
    CompletableFuture<ByteBuf> run(Supplier<ScsiRequest> request) {
        return attempt(request, 0);
    }

    private CompletableFuture<ByteBuf> attempt(Supplier<ScsiRequest> request, int retries) {
        ScsiRequest r = request.get();
        return transport.execute(r).handle((result, error) -> {
            // The transport only borrowed the write data; this attempt's reference ends here.
            r.writeData().release();
            if (error != null) {
                return CompletableFuture.<ByteBuf>failedFuture(unwrap(error));
            }
            if (result.good()) {
                return CompletableFuture.completedFuture(result.data());
            }
            Optional<SenseData> sense = parseSense(result.sense());
            if (sense.isPresent() && sense.get().senseKey() == RECOVERED_ERROR) {
                // The command completed, with recovery: its data is good (SPC-4 4.5.6).
                return CompletableFuture.completedFuture(result.data());
            }
            result.data().release();
            ScsiException e = ScsiException.of(r.description(), result.status(), sense);
            if (e.retryable() && retries < MAX_RETRIES) {
                return attempt(request, retries + 1);
            }
            return CompletableFuture.<ByteBuf>failedFuture(e);
        }).thenCompose(f -> f);
    }

    /** Sense data, or empty when there is none or it is malformed (the status alone then decides). */
    private static Optional<SenseData> parseSense(byte[] sense) {
        if (sense.length == 0) {
            return Optional.empty();
        }
        try {
            return Optional.of(SenseData.parse(sense));
        } catch (RuntimeException e) {
            LOG.debug("malformed sense data ignored: {}", e.getMessage());
            return Optional.empty();
        }
    }

    static Throwable unwrap(Throwable t) {
        return t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
    }
}
