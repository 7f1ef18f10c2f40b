package io.lunbridge.app.doctor;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/**
 * What the doctor reads about the host, all under one root directory (so tests hand it a fake
 * /proc, /sys, /dev and /lib/modules tree) plus the two facts that are not files: whether the
 * kernel answers for the "nbd" generic netlink family, and the running Java's feature version.
 *
 * @param root "/" on a real host
 * @param nbdNetlinkFamily asks the kernel for the "nbd" generic netlink family
 * @param javaFeature e.g. 17
 */
public record Host(Path root, BooleanSupplier nbdNetlinkFamily, int javaFeature) {

    /** The host this JVM runs on. */
    public static Host running(BooleanSupplier nbdNetlinkFamily) {
        return new Host(Path.of("/"), nbdNetlinkFamily, Runtime.version().feature());
    }

    /** {@code /proc/…} etc.: an absolute host path below the root. */
    Path path(String absolute) {
        return root.resolve(absolute.substring(1));
    }

    boolean exists(String absolute) {
        return Files.exists(path(absolute));
    }

    /**
     * The file's content, trimmed; empty when it does not exist or cannot be read. Read with one
     * large buffer: /proc/sys files report size 0, and {@code Files.readString} then reads them
     * one byte first, after which the kernel's sysctl handler answers end-of-file (it read "4" of
     * "4194304" on this kernel).
     */
    Optional<String> read(String absolute) {
        try (InputStream in = Files.newInputStream(path(absolute))) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buf = new byte[65536];
            for (int n; (n = in.read(buf)) > 0; ) {
                out.write(buf, 0, n);
            }
            return Optional.of(out.toString(StandardCharsets.UTF_8).trim());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Names in a directory, sorted; empty when it does not exist. */
    List<String> list(String absolute) {
        try (Stream<Path> s = Files.list(path(absolute))) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    /** The first of {@code candidates} that exists, as a host path. */
    Optional<String> firstExisting(List<String> candidates) {
        return candidates.stream().filter(this::exists).findFirst();
    }
}
