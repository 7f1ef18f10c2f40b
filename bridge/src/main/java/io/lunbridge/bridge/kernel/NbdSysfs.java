package io.lunbridge.bridge.kernel;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What /sys/block and /dev say about nbd devices: which exist, which are in use, and the request
 * size limit of a device's queue. The roots are parameters so that tests can use a fake tree.
 */
public final class NbdSysfs {
    private static final Pattern NBD = Pattern.compile("nbd(\\d+)");
    private static final Pattern DEV_PATH = Pattern.compile("/dev/nbd(\\d+)");

    private final Path sysBlock;
    private final Path dev;

    public NbdSysfs(Path sysBlock, Path dev) {
        this.sysBlock = sysBlock;
        this.dev = dev;
    }

    /** The running system's /sys/block and /dev. */
    public static NbdSysfs system() {
        return new NbdSysfs(Path.of("/sys/block"), Path.of("/dev"));
    }

    /** Parses "/dev/nbdN" into N, with an error naming the bad value. */
    public static int parseDevice(String path) {
        Matcher m = DEV_PATH.matcher(path);
        if (!m.matches() || m.group(1).length() > 6) {
            throw new IllegalArgumentException("'" + path + "' is not an nbd device path (expected /dev/nbdN)");
        }
        return Integer.parseInt(m.group(1));
    }

    /** Whether /dev/nbdN exists. */
    public boolean deviceExists(int index) {
        return Files.exists(dev.resolve("nbd" + index));
    }

    /** Whether the device has a server attached (a pid file or a non-zero size). */
    public boolean inUse(int index) throws IOException {
        Path d = sysBlock.resolve("nbd" + index);
        if (Files.exists(d.resolve("pid"))) {
            return true;
        }
        Path size = d.resolve("size");
        return Files.exists(size) && !read(size).equals("0");
    }

    /**
     * The backend identifier the device was connected with (/sys/block/nbdN/backend, present while
     * the device is configured over netlink, even after its server died); empty when there is no such
     * file or it is blank.
     */
    public Optional<String> backend(int index) throws IOException {
        Path f = sysBlock.resolve("nbd" + index).resolve("backend");
        if (!Files.isRegularFile(f)) {
            return Optional.empty();
        }
        String b = read(f);
        return b.isEmpty() ? Optional.empty() : Optional.of(b);
    }

    /** The device's size in bytes (/sys/block/nbdN/size counts 512-byte sectors). */
    public long sizeBytes(int index) throws IOException {
        return number(sysBlock.resolve("nbd" + index).resolve("size")) * 512;
    }

    /** The device's logical block size (/sys/block/nbdN/queue/logical_block_size). */
    public int logicalBlockSize(int index) throws IOException {
        return Math.toIntExact(number(sysBlock.resolve("nbd" + index).resolve("queue").resolve("logical_block_size")));
    }

    /** Every nbd device under /sys/block, by index, in ascending order. */
    public List<Integer> devices() throws IOException {
        List<Integer> indexes = new ArrayList<>();
        if (Files.isDirectory(sysBlock)) {
            try (var s = Files.list(sysBlock)) {
                s.forEach(p -> {
                    Matcher m = NBD.matcher(p.getFileName().toString());
                    if (m.matches() && m.group(1).length() <= 6) {
                        indexes.add(Integer.parseInt(m.group(1)));
                    }
                });
            }
        }
        indexes.sort(null);
        return indexes;
    }

    private static long number(Path f) throws IOException {
        String v = read(f);
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new IOException(f + ": not a number: '" + v + "'");
        }
    }

    /** The lowest-numbered existing nbd device nobody uses. */
    public OptionalInt firstFree() throws IOException {
        for (int i : devices()) {
            if (!inUse(i) && deviceExists(i)) {
                return OptionalInt.of(i);
            }
        }
        return OptionalInt.empty();
    }

    /**
     * Lowers the queue's max_sectors_kb to {@code maxBytes} if it is larger, so that the kernel never
     * sends a request longer than the export's maximum block size.
     *
     * @return the new limit in KiB, if it was changed
     */
    public Optional<Integer> capRequestSize(int index, int maxBytes) throws IOException {
        Path f = sysBlock.resolve("nbd" + index).resolve("queue").resolve("max_sectors_kb");
        int current;
        try {
            current = Integer.parseInt(read(f));
        } catch (NumberFormatException e) {
            throw new IOException(f + ": not a number: '" + read(f) + "'");
        }
        int wanted = Math.max(4, maxBytes / 1024);
        if (current <= wanted) {
            return Optional.empty();
        }
        Files.writeString(f, Integer.toString(wanted), StandardCharsets.US_ASCII);
        return Optional.of(wanted);
    }

    private static String read(Path p) throws IOException {
        return Files.readString(p, StandardCharsets.US_ASCII).trim();
    }
}
