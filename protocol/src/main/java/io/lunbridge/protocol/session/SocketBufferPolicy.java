package io.lunbridge.protocol.session;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalInt;

/**
 * Chooses TCP send/receive buffer sizes the way AIX uses sb_max: as large as the system allows.
 *
 * <p>On Linux an explicit SO_RCVBUF/SO_SNDBUF is capped at {@code net.core.rmem_max}/{@code wmem_max}
 * and switches the kernel's autotuning off, while autotuning may grow a buffer up to the third
 * field of {@code net.ipv4.tcp_rmem}/{@code tcp_wmem}. In {@link Mode#AUTO} the policy sets an
 * explicit size only when that gives more than autotuning could; {@link Mode#EXPLICIT} always sets
 * the configured size; {@link Mode#AUTOTUNE} never sets one.
 *
 * @param mode how to decide
 * @param explicitBytes the size for {@link Mode#EXPLICIT}
 */
public record SocketBufferPolicy(Mode mode, int explicitBytes) {

    /** How buffer sizes are chosen. */
    public enum Mode { AUTO, EXPLICIT, AUTOTUNE }

    /** The system limits read from /proc/sys for one direction. */
    public record Limits(long coreMax, long autotuneMax) {
    }

    /** The decision for one direction, with the reason for status output. */
    public record Decision(OptionalInt explicitSize, String explanation) {
    }

    public static SocketBufferPolicy auto() {
        return new SocketBufferPolicy(Mode.AUTO, 0);
    }

    /** Parses "auto", "autotune" or a byte count (suffixes k, m accepted). */
    public static SocketBufferPolicy parse(String value) {
        String v = value.trim().toLowerCase(java.util.Locale.ROOT);
        if (v.equals("auto")) {
            return auto();
        }
        if (v.equals("autotune")) {
            return new SocketBufferPolicy(Mode.AUTOTUNE, 0);
        }
        long mult = 1;
        if (v.endsWith("k")) {
            mult = 1024;
            v = v.substring(0, v.length() - 1);
        } else if (v.endsWith("m")) {
            mult = 1024 * 1024;
            v = v.substring(0, v.length() - 1);
        }
        try {
            long bytes = Long.parseLong(v) * mult;
            if (bytes < 4096 || bytes > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("socket buffer size '" + value + "': expected 4096 bytes to 2 GiB");
            }
            return new SocketBufferPolicy(Mode.EXPLICIT, (int) bytes);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("socket buffer size '" + value
                    + "': expected auto, autotune or a size in bytes (e.g. 4m)", e);
        }
    }

    /** Decides for one direction given the system limits. */
    public Decision decide(Limits limits) {
        switch (mode) {
            case EXPLICIT:
                return new Decision(OptionalInt.of(explicitBytes), "explicit " + explicitBytes
                        + " bytes (kernel caps it at net.core max " + limits.coreMax() + ")");
            case AUTOTUNE:
                return new Decision(OptionalInt.empty(), "kernel autotuning up to " + limits.autotuneMax() + " bytes");
            default:
                if (limits.coreMax() > limits.autotuneMax()) {
                    return new Decision(OptionalInt.of((int) Math.min(Integer.MAX_VALUE, limits.coreMax())),
                            "explicit net.core max " + limits.coreMax() + " bytes (more than autotuning's "
                                    + limits.autotuneMax() + ")");
                }
                return new Decision(OptionalInt.empty(), "kernel autotuning up to " + limits.autotuneMax()
                        + " bytes (more than net.core max " + limits.coreMax() + ")");
        }
    }

    /** Reads the receive-side limits of the current network namespace. */
    public static Limits receiveLimits() {
        return new Limits(readLong("/proc/sys/net/core/rmem_max", 212992),
                readThird("/proc/sys/net/ipv4/tcp_rmem", 6291456));
    }

    /** Reads the send-side limits of the current network namespace. */
    public static Limits sendLimits() {
        return new Limits(readLong("/proc/sys/net/core/wmem_max", 212992),
                readThird("/proc/sys/net/ipv4/tcp_wmem", 4194304));
    }

    private static long readLong(String path, long fallback) {
        try {
            return Long.parseLong(readProc(path).trim());
        } catch (IOException | NumberFormatException e) {
            return fallback;
        }
    }

    private static long readThird(String path, long fallback) {
        try {
            String[] f = readProc(path).trim().split("\\s+");
            return f.length == 3 ? Long.parseLong(f[2]) : fallback;
        } catch (IOException | NumberFormatException e) {
            return fallback;
        }
    }

    /**
     * A /proc/sys file's whole text. Not {@code Files.readString}: for these files (which report a
     * size of 0 or 4096) the JDK reads only the first byte on some kernels ("4" for 4194304), so
     * the limits came out as garbage; one bounded read of the stream returns the whole value.
     */
    static String readProc(String path) throws IOException {
        try (java.io.InputStream in = Files.newInputStream(Path.of(path))) {
            return new String(in.readNBytes(4096), java.nio.charset.StandardCharsets.US_ASCII);
        }
    }
}
