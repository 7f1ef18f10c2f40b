package io.lunbridge.bridge.fuse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * A loop device attached to a file with util-linux {@code losetup} (direct I/O on, the LUN's sector
 * size, read-only when asked). {@link #detach()} releases exactly this device and waits until the
 * kernel let go of the file.
 */
public final class LoopDevice implements AutoCloseable {
    private static final Logger LOG = LogManager.getLogger(LoopDevice.class);
    private static final Pattern DEVICE = Pattern.compile("/dev/loop[0-9]+");
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(30);

    private final Path device;
    private final Path file;
    private boolean attached = true;

    private LoopDevice(Path device, Path file) {
        this.device = device;
        this.file = file;
    }

    /** {@code losetup --find --show --direct-io=on --sector-size N [--read-only] FILE}. */
    public static LoopDevice attach(Path file, int sectorSize, boolean readOnly) throws IOException {
        List<String> cmd = attachCommand(file, sectorSize, readOnly);
        String out = run(cmd).trim();
        if (!DEVICE.matcher(out).matches()) {
            throw new IOException(String.join(" ", cmd) + " printed '" + out + "', expected /dev/loopN");
        }
        LoopDevice loop = new LoopDevice(Path.of(out), file);
        LOG.info("{} attached to {} (direct I/O, {}-byte sectors{})", out, file, sectorSize, readOnly ? ", read-only" : "");
        return loop;
    }

    /** The losetup command line for {@link #attach}. */
    static List<String> attachCommand(Path file, int sectorSize, boolean readOnly) {
        if (sectorSize < 512 || sectorSize > 4096 || Integer.bitCount(sectorSize) != 1) {
            throw new IllegalArgumentException("loop sector size " + sectorSize + ": must be 512, 1024, 2048 or 4096");
        }
        List<String> cmd = new ArrayList<>(List.of("losetup", "--find", "--show", "--direct-io=on",
                "--sector-size", Integer.toString(sectorSize)));
        if (readOnly) {
            cmd.add("--read-only");
        }
        cmd.add(file.toString());
        return cmd;
    }

    /** The device node, e.g. /dev/loop3. */
    public Path device() {
        return device;
    }

    /** Whether the kernel reports direct I/O on for this device (/sys/block/loopN/loop/dio). */
    public boolean directIo() throws IOException {
        return Files.readString(sysfs().resolve("dio")).trim().equals("1");
    }

    private Path sysfs() {
        return Path.of("/sys/block", device.getFileName().toString(), "loop");
    }

    /**
     * {@code losetup -d} on this device, then waits (up to {@code timeout}) until the kernel released
     * the backing file; false if it is still attached (the device is open, e.g. mounted: the kernel
     * then detaches it on last close).
     */
    public boolean detach(Duration timeout) throws IOException {
        if (!attached) {
            return true;
        }
        attached = false;
        run(List.of("losetup", "-d", device.toString()));
        long deadline = System.nanoTime() + timeout.toNanos();
        Path backing = sysfs().resolve("backing_file");
        while (Files.exists(backing)) {
            if (System.nanoTime() > deadline) {
                LOG.warn("{} still holds {} after losetup -d: it is in use", device, file);
                return false;
            }
            try {
                TimeUnit.MILLISECONDS.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        LOG.info("{} detached from {}", device, file);
        return true;
    }

    /** The loop devices whose backing file satisfies {@code backing}. */
    public static List<Path> boundTo(java.util.function.Predicate<Path> backing) throws IOException {
        List<Path> out = new ArrayList<>();
        try (var s = Files.newDirectoryStream(Path.of("/sys/block"), "loop*")) {
            for (Path d : s) {
                Path dev = Path.of("/dev", d.getFileName().toString());
                if (backingFile(dev).filter(backing).isPresent()) {
                    out.add(dev);
                }
            }
        }
        return out;
    }

    /**
     * The file {@code loop} (/dev/loopN) is bound to, from /sys/block/loopN/loop/backing_file (the
     * kernel appends " (deleted)" to a file that is gone; that suffix is removed here).
     */
    public static java.util.Optional<Path> backingFile(Path loop) throws IOException {
        Path f = Path.of("/sys/block", loop.getFileName().toString(), "loop", "backing_file");
        String b;
        try {
            b = Files.readString(f, StandardCharsets.UTF_8).trim();
        } catch (java.nio.file.NoSuchFileException e) {
            return java.util.Optional.empty(); // not bound
        }
        if (b.endsWith(" (deleted)")) {
            b = b.substring(0, b.length() - " (deleted)".length());
        }
        return b.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(Path.of(b));
    }

    /** {@code losetup -d DEVICE} for a loop device this process did not attach (stale state). */
    public static void release(Path device) throws IOException {
        if (!DEVICE.matcher(device.toString()).matches()) {
            throw new IllegalArgumentException(device + " is not a loop device (expected /dev/loopN)");
        }
        run(List.of("losetup", "-d", device.toString()));
    }

    /** Same as {@link #detach(Duration)} with 10 seconds. */
    public boolean detach() throws IOException {
        return detach(Duration.ofSeconds(10));
    }

    @Override
    public void close() throws IOException {
        detach();
    }

    private static String run(List<String> cmd) throws IOException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        try {
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(COMMAND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IOException(String.join(" ", cmd) + " did not finish within " + COMMAND_TIMEOUT);
            }
            if (p.exitValue() != 0) {
                throw new IOException(String.join(" ", cmd) + " failed (exit " + p.exitValue() + "): " + out.trim());
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted running " + String.join(" ", cmd), e);
        } finally {
            if (p.isAlive()) {
                p.destroyForcibly();
            }
        }
    }
}
