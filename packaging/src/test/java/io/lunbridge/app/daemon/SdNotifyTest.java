package io.lunbridge.app.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lunbridge.bridge.kernel.Posix;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** sd_notify datagrams as a real Unix datagram socket receives them, for a path and an abstract name. */
class SdNotifyTest {
    @TempDir
    Path tmp;

    /** A bound AF_UNIX datagram socket standing in for systemd's notify socket. */
    static final class Receiver implements AutoCloseable {
        final Posix posix = Posix.load();
        final int fd;

        Receiver(String name) throws Exception {
            fd = posix.socket(Posix.AF_UNIX, Posix.SOCK_DGRAM | Posix.SOCK_CLOEXEC, 0);
            posix.bind(fd, SdNotify.socketAddress(name), name);
            posix.receiveTimeout(fd, 10);
        }

        String next() throws Exception {
            byte[] buf = new byte[4096];
            int n = posix.recv(fd, buf, "notify test socket");
            return new String(buf, 0, n, StandardCharsets.UTF_8);
        }

        @Override
        public void close() {
            posix.closeQuietly(fd);
        }
    }

    @Test
    void messagesArriveAsOneDatagramEachOnAPathSocket() throws Exception {
        String path = tmp.resolve("notify").toString();
        try (Receiver r = new Receiver(path)) {
            SdNotify n = SdNotify.fromEnvironment(Map.of("NOTIFY_SOCKET", path), 42);
            assertTrue(n.enabled());
            n.ready("2 devices, 0 queueing");
            n.status("3 devices,\n1 queueing");
            n.watchdog();
            n.reloading();
            n.stopping("detaching 3 devices");
            assertEquals("READY=1\nSTATUS=2 devices, 0 queueing", r.next());
            assertEquals("STATUS=3 devices, 1 queueing", r.next(), "a status is one line");
            assertEquals("WATCHDOG=1", r.next());
            assertEquals("RELOADING=1", r.next());
            assertEquals("STOPPING=1\nSTATUS=detaching 3 devices", r.next());
        }
    }

    @Test
    void anAbstractNameIsReached() throws Exception {
        String name = "@lunbridge-sdnotify-test-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
        try (Receiver r = new Receiver(name)) {
            SdNotify.fromEnvironment(Map.of("NOTIFY_SOCKET", name), 42).ready("0 devices, 0 queueing");
            assertEquals("READY=1\nSTATUS=0 devices, 0 queueing", r.next());
        }
    }

    @Test
    void withoutNotifySocketNothingIsSentAndNothingFails() throws Exception {
        SdNotify n = SdNotify.fromEnvironment(Map.of(), 42);
        assertFalse(n.enabled());
        n.ready("x");
        assertEquals(Optional.empty(), n.watchdogInterval());
    }

    @Test
    void aSocketThatIsGoneIsReportedNamingIt() {
        String path = tmp.resolve("absent").toString();
        SdNotify n = SdNotify.fromEnvironment(Map.of("NOTIFY_SOCKET", path), 42);
        java.io.IOException e = assertThrows(java.io.IOException.class, n::watchdog);
        assertTrue(e.getMessage().contains(path), e.getMessage());
    }

    @Test
    void theWatchdogIntervalIsHalfOfWatchdogUsecForThisProcessOnly() {
        assertEquals(Optional.of(Duration.ofSeconds(5)),
                SdNotify.watchdogInterval(Map.of("WATCHDOG_USEC", "10000000"), 42));
        assertEquals(Optional.of(Duration.ofMillis(1500)),
                SdNotify.watchdogInterval(Map.of("WATCHDOG_USEC", "3000000", "WATCHDOG_PID", "42"), 42));
        assertEquals(Optional.empty(),
                SdNotify.watchdogInterval(Map.of("WATCHDOG_USEC", "3000000", "WATCHDOG_PID", "43"), 42),
                "meant for another process");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SdNotify.watchdogInterval(Map.of("WATCHDOG_USEC", "soon"), 42));
        assertEquals("WATCHDOG_USEC: expected a positive number of microseconds, found 'soon'", e.getMessage());
    }

    @Test
    void badSocketNamesAreRefusedNamingTheVariable() {
        for (String bad : new String[] {"relative/path", "@", "/" + "x".repeat(SdNotify.MAX_PATH)}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> SdNotify.fromEnvironment(Map.of("NOTIFY_SOCKET", bad), 42));
            assertTrue(e.getMessage().startsWith("NOTIFY_SOCKET: "), e.getMessage());
        }
    }
}
