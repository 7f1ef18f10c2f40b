package io.lunbridge.app.daemon;

import io.lunbridge.bridge.kernel.Posix;
import io.lunbridge.protocol.input.Excerpt;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * systemd's notify protocol (man sd_notify) for a {@code Type=notify} service: each message is one
 * datagram of {@code KEY=VALUE} lines to the AF_UNIX socket named by {@code $NOTIFY_SOCKET} (a
 * filesystem path, or an abstract name written with a leading {@code @}). Without
 * {@code NOTIFY_SOCKET} (not started by systemd) every message is dropped. Java has no Unix
 * datagram sockets, so the datagram goes out through libc ({@link Posix#sendTo}).
 */
public final class SdNotify {
    /** sun_path's size in struct sockaddr_un. */
    static final int MAX_PATH = 108;

    private final Optional<String> socket;
    private final Optional<Duration> watchdog;

    private SdNotify(Optional<String> socket, Optional<Duration> watchdog) {
        this.socket = socket;
        this.watchdog = watchdog;
    }

    /** From {@code NOTIFY_SOCKET}, {@code WATCHDOG_USEC} and {@code WATCHDOG_PID} of {@code env}. */
    public static SdNotify fromEnvironment(Map<String, String> env, long pid) {
        String name = env.get("NOTIFY_SOCKET");
        Optional<String> socket = name == null || name.isEmpty() ? Optional.empty() : Optional.of(name);
        socket.ifPresent(SdNotify::socketAddress); // refuse a bad name at start, not at the first message
        return new SdNotify(socket, watchdogInterval(env, pid));
    }

    /** The process' own environment and PID. */
    public static SdNotify fromEnvironment() {
        return fromEnvironment(System.getenv(), ProcessHandle.current().pid());
    }

    /**
     * How often to send {@code WATCHDOG=1}: half of {@code WATCHDOG_USEC} (as sd_watchdog_enabled
     * advises), when set and {@code WATCHDOG_PID}, if set, is this process.
     *
     * @throws IllegalArgumentException naming the variable and its value when it is not a number
     */
    static Optional<Duration> watchdogInterval(Map<String, String> env, long pid) {
        String usec = env.get("WATCHDOG_USEC");
        if (usec == null || usec.isEmpty()) {
            return Optional.empty();
        }
        String forPid = env.get("WATCHDOG_PID");
        if (forPid != null && !forPid.isEmpty() && !forPid.equals(Long.toString(pid))) {
            return Optional.empty();
        }
        long micros;
        try {
            micros = Long.parseLong(usec);
        } catch (NumberFormatException e) {
            micros = 0;
        }
        if (micros <= 0) {
            throw new IllegalArgumentException("WATCHDOG_USEC: expected a positive number of microseconds, found '"
                    + Excerpt.of(usec) + "'");
        }
        return Optional.of(Duration.ofNanos(micros * 1000 / 2));
    }

    /** Whether messages go anywhere (systemd started us with a notify socket). */
    public boolean enabled() {
        return socket.isPresent();
    }

    /** The interval for {@link #watchdog()}, when systemd's watchdog is on for this process. */
    public Optional<Duration> watchdogInterval() {
        return watchdog;
    }

    /** {@code READY=1} with the first status line. */
    public void ready(String status) throws IOException {
        send(List.of("READY=1", "STATUS=" + oneLine(status)));
    }

    /** {@code STATUS=...}: one line shown by {@code systemctl status}. */
    public void status(String status) throws IOException {
        send(List.of("STATUS=" + oneLine(status)));
    }

    /** {@code RELOADING=1} (SIGHUP being handled); {@link #ready} ends it. */
    public void reloading() throws IOException {
        send(List.of("RELOADING=1"));
    }

    /** {@code STOPPING=1}. */
    public void stopping(String status) throws IOException {
        send(List.of("STOPPING=1", "STATUS=" + oneLine(status)));
    }

    /** {@code WATCHDOG=1}: still alive. */
    public void watchdog() throws IOException {
        send(List.of("WATCHDOG=1"));
    }

    /** Sends {@code lines} as one datagram; nothing when not {@link #enabled()}. */
    void send(List<String> lines) throws IOException {
        if (socket.isEmpty()) {
            return;
        }
        byte[] message = String.join("\n", lines).getBytes(StandardCharsets.UTF_8);
        Posix posix = Posix.load();
        int fd = posix.socket(Posix.AF_UNIX, Posix.SOCK_DGRAM | Posix.SOCK_CLOEXEC, 0);
        try {
            posix.sendTo(fd, message, socketAddress(socket.get()), "NOTIFY_SOCKET " + socket.get());
        } finally {
            posix.closeQuietly(fd);
        }
    }

    private static String oneLine(String s) {
        return s.replaceAll("[\\r\\n]+", " ");
    }

    /**
     * The struct sockaddr_un for {@code name}: a path (NUL-terminated), or {@code @name} in the
     * abstract namespace (a leading NUL, the length cut to the name).
     *
     * @throws IllegalArgumentException naming NOTIFY_SOCKET and the value when it is neither, or too long
     */
    public static byte[] socketAddress(String name) {
        boolean abstractName = name.startsWith("@");
        if (!abstractName && !name.startsWith("/")) {
            throw new IllegalArgumentException("NOTIFY_SOCKET: expected an absolute path or an @abstract name, found '"
                    + Excerpt.of(name) + "'");
        }
        byte[] path = (abstractName ? name.substring(1) : name).getBytes(StandardCharsets.UTF_8);
        int sunPath = abstractName ? 1 + path.length : path.length + 1;
        if (sunPath > MAX_PATH || (abstractName && path.length == 0)) {
            throw new IllegalArgumentException("NOTIFY_SOCKET: '" + Excerpt.of(name) + "' does not fit a Unix socket"
                    + " address (at most " + (MAX_PATH - 1) + " bytes, abstract names not empty)");
        }
        ByteBuffer b = ByteBuffer.allocate(2 + sunPath).order(ByteOrder.nativeOrder());
        b.putShort((short) Posix.AF_UNIX);
        if (abstractName) {
            b.put((byte) 0);
        }
        b.put(path);
        return b.array(); // a path's terminating NUL is the buffer's last, zeroed byte
    }
}
