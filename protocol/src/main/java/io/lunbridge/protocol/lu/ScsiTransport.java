package io.lunbridge.protocol.lu;

import io.lunbridge.protocol.session.ScsiRequest;
import io.lunbridge.protocol.session.ScsiResult;
import java.util.concurrent.CompletableFuture;

/**
 * Where a logical unit sends its commands: one session, or (with multipath) whichever path the
 * selector picks. The request's write data is borrowed until the returned future completes (the
 * caller releases it afterwards, and a transport may issue it more than once meanwhile); the
 * result's data belongs to the caller.
 */
@FunctionalInterface
public interface ScsiTransport {
    CompletableFuture<ScsiResult> execute(ScsiRequest request);
}
