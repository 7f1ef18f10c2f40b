package io.lunbridge.app.daemon;

import io.lunbridge.protocol.naming.IscsiName;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The daemon's targets with a {@code lunbridge fsck} running, each with a sentence for refusals
 * ("lunbridge fsck of /dev/loop0 (read-only check) is running since ..."). Claimed on the main thread
 * (so that a claim and a detach never interleave), released by the thread that ran the check; read
 * by any thread. At most one fsck per target.
 */
final class FsckClaims {
    private final ConcurrentMap<IscsiName, String> running = new ConcurrentHashMap<>();

    /** Claims {@code target} for the fsck {@code what}; the running one's sentence when it is taken. */
    Optional<String> claim(IscsiName target, String what) {
        return Optional.ofNullable(running.putIfAbsent(target, what));
    }

    void release(IscsiName target) {
        running.remove(target);
    }

    /** The fsck running on {@code target}, as a sentence. */
    Optional<String> running(IscsiName target) {
        return Optional.ofNullable(running.get(target));
    }
}
