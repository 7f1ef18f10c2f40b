package io.lunbridge.app.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lunbridge.app.control.ControlReply;
import io.lunbridge.app.control.ControlRequest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The stop decisions: refused while in use, waiting after a signal, forced by a second one. */
@Timeout(30)
class AttachLifecycleTest {
    private final List<String> uses = new CopyOnWriteArrayList<>();
    /** How often the lifecycle asked who uses the disk. */
    private final java.util.concurrent.atomic.AtomicInteger usageChecks = new java.util.concurrent.atomic.AtomicInteger();
    private final List<String> events = new CopyOnWriteArrayList<>();

    private final LocalDisk disk = new LocalDisk() {
        @Override
        public Path device() {
            return Path.of("/dev/loop7");
        }

        @Override
        public CompletableFuture<Void> ended() {
            return new CompletableFuture<>();
        }

        @Override
        public void fence(String reason) {
            events.add("fence");
        }

        @Override
        public String detach() {
            events.add("detach");
            return "/dev/loop7 detached";
        }
    };

    private AttachLifecycle lifecycle() {
        return new AttachLifecycle(List.of(disk), d -> {
            usageChecks.incrementAndGet();
            return new ArrayList<>(uses);
        });
    }

    @Test
    void aDetachRequestIsRefusedWhileMountedNamingTheMount() {
        uses.add("/dev/loop7 is mounted on /mnt (ext4)");
        ControlReply r = lifecycle().detachRequest(ControlRequest.parse("detach"));
        assertEquals(ControlReply.Status.REFUSED, r.status());
        assertEquals("not detaching: /dev/loop7 is mounted on /mnt (ext4); unmount or close it first, or use --force "
                + "(fails its I/O with EIO)", r.message());
    }

    @Test
    void aSignalWhileMountedWaitsUntilUnmounted() throws Exception {
        uses.add("/dev/loop7 is mounted on /mnt (ext4)");
        AttachLifecycle l = lifecycle();
        l.signal("SIGTERM");
        assertEquals(AttachLifecycle.State.WAITING_FOR_UNUSE, l.state());
        CompletableFuture<AttachLifecycle.Outcome> outcome = CompletableFuture.supplyAsync(() -> {
            try {
                return l.awaitStop();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        // Not a sleep: wait until the waiting loop has looked at the (still mounted) disk twice more.
        int seen = usageChecks.get();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (usageChecks.get() < seen + 2 && System.nanoTime() < deadline && !outcome.isDone()) {
            Thread.onSpinWait();
        }
        assertTrue(usageChecks.get() >= seen + 2, "the lifecycle polls the disk's users while it waits");
        assertTrue(!outcome.isDone(), "still serving while mounted");
        uses.clear();
        assertEquals(AttachLifecycle.Outcome.DETACH, outcome.get(10, TimeUnit.SECONDS));
        assertEquals(List.of("/dev/loop7 detached"), l.detachAll(AttachLifecycle.Outcome.DETACH));
        assertEquals(List.of("detach"), events);
        assertEquals("SIGTERM", l.stopSignal().orElseThrow());
    }

    @Test
    void aSecondSignalForcesFencingFirst() throws Exception {
        uses.add("/dev/loop7 is mounted on /mnt (ext4)");
        AttachLifecycle l = lifecycle();
        l.signal("SIGTERM");
        l.signal("SIGTERM");
        assertEquals(AttachLifecycle.State.FORCED, l.state());
        assertEquals(AttachLifecycle.Outcome.FORCE, l.awaitStop());
        l.detachAll(AttachLifecycle.Outcome.FORCE);
        assertEquals(List.of("fence", "detach"), events);
    }

    @Test
    void aForcedDetachRequestAnswersOnceDetached() throws Exception {
        uses.add("/dev/loop7 is mounted on /mnt (ext4)");
        AttachLifecycle l = lifecycle();
        CompletableFuture<ControlReply> reply = CompletableFuture.supplyAsync(
                () -> l.detachRequest(ControlRequest.parse("detach force")));
        assertEquals(AttachLifecycle.Outcome.FORCE, l.awaitStop());
        l.detachAll(AttachLifecycle.Outcome.FORCE);
        ControlReply r = reply.get(10, TimeUnit.SECONDS);
        assertEquals(ControlReply.Status.OK, r.status());
        assertEquals("/dev/loop7 detached", r.message());
    }
}
