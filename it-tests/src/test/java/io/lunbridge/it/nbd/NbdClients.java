package io.lunbridge.it.nbd;

import io.lunbridge.it.harness.Command;
import io.lunbridge.it.harness.HarnessException;
import io.lunbridge.it.harness.ProcessResult;
import io.lunbridge.it.harness.ProcessRunner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs the real NBD clients (libnbd's nbdinfo/nbdcopy, qemu-img, qemu-io, fio) and OpenSSL's
 * SHA-256 with a deadline, failing with the command's output when one exits non-zero.
 *
 * <p>Why: every end-to-end assertion is made by an independent NBD implementation, never by our own
 * client code. Large data never passes through the test JVM: checksums are taken by
 * {@code nbdcopy URI - | openssl dgst -sha256} and {@code openssl dgst -sha256 FILE} (OpenSSL uses
 * the CPU's SHA instructions: a GiB takes about a second, coreutils' sha256sum takes five).
 */
final class NbdClients {
    static final Duration TIMEOUT = Duration.ofSeconds(120);
    private static final Pattern SHA = Pattern.compile("^([0-9a-f]{64})\\s");
    private static final Pattern QEMU_IO_FAILURE = Pattern.compile("(?im)(fail|error|pattern verification)");

    private NbdClients() {
    }

    /** Runs {@code argv}; returns stdout; throws with the whole output when it exits non-zero. */
    static String ok(String... argv) {
        return ok(Command.of(argv));
    }

    /** Runs {@code command}; returns stdout; throws with the whole output when it exits non-zero. */
    static String ok(Command command) {
        ProcessResult r = ProcessRunner.runAllowingFailure(command, TIMEOUT);
        if (!r.succeeded()) {
            throw new AssertionError(r.describe());
        }
        return r.stdout();
    }

    /** Runs {@code argv}, which must exit with {@code status} (not 0); returns its result. */
    static ProcessResult exitCode(int status, String... argv) {
        ProcessResult r = ProcessRunner.runAllowingFailure(Command.of(argv), TIMEOUT);
        if (r.exitCode() != status) {
            throw new AssertionError("expected exit status " + status + ": " + r.describe());
        }
        return r;
    }

    /** Runs {@code argv}, which must fail (any non-zero status); returns its result. */
    static ProcessResult fails(String... argv) {
        ProcessResult r = ProcessRunner.runAllowingFailure(Command.of(argv), TIMEOUT);
        if (r.succeeded()) {
            throw new AssertionError("expected a failure: " + r.describe());
        }
        return r;
    }

    /** Runs {@code qemu-io -f raw URI -c …} and fails if any command reports a failure or a pattern mismatch. */
    static String qemuIo(String uri, String... commands) {
        List<String> argv = new ArrayList<>(List.of("qemu-io", "-f", "raw", uri));
        for (String c : commands) {
            argv.add("-c");
            argv.add(c);
        }
        String out = ok(argv.toArray(new String[0]));
        if (QEMU_IO_FAILURE.matcher(out).find()) {
            throw new AssertionError("qemu-io reported a failure:\n" + out);
        }
        return out;
    }

    /** SHA-256 (hex) of the whole export, read through NBD by nbdcopy. */
    static String sha256OfExport(String uri) {
        return firstHash(ok("bash", "-c", "set -o pipefail; nbdcopy -- \"$0\" - | openssl dgst -sha256 -r", uri));
    }

    /** SHA-256 (hex) of a local file. */
    static String sha256OfFile(Path file) {
        return firstHash(ok("openssl", "dgst", "-sha256", "-r", file.toString()));
    }

    private static String firstHash(String out) {
        Matcher m = SHA.matcher(out);
        if (!m.find()) {
            throw new HarnessException("no SHA-256 in output: " + out);
        }
        return m.group(1);
    }

    /**
     * Writes {@code size} bytes of seeded pseudo-random data to {@code file}, with the byte range
     * {@code [zeroFrom, zeroTo)} left all zero (so copies must carry zero runs, however they send them).
     */
    static void writeRandomFile(Path file, long size, long seed, long zeroFrom, long zeroTo) {
        SplittableRandom random = new SplittableRandom(seed);
        java.nio.ByteBuffer chunk = java.nio.ByteBuffer.allocate(1 << 20);
        try (java.nio.channels.FileChannel out = java.nio.channels.FileChannel.open(file,
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.WRITE,
                java.nio.file.StandardOpenOption.TRUNCATE_EXISTING)) {
            for (long pos = 0; pos < size; pos += chunk.capacity()) {
                int n = (int) Math.min(chunk.capacity(), size - pos);
                chunk.clear();
                boolean zero = pos >= zeroFrom && pos + n <= zeroTo;
                while (chunk.position() + 8 <= n) {
                    chunk.putLong(zero ? 0 : random.nextLong());
                }
                while (chunk.position() < n) {
                    chunk.put(zero ? 0 : (byte) random.nextInt());
                }
                chunk.flip();
                while (chunk.hasRemaining()) {
                    out.write(chunk);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /**
     * Runs fio's nbd engine: random 4k writes over {@code size} at {@code iodepth}, then reads all of
     * it back and checks every block's crc32c header (fio exits non-zero on a mismatch).
     *
     * @return the fields of fio's terse (version 3) result line: [4] error, [5] KiB read
     */
    static String[] fioVerify(String uri, int iodepth, String size) {
        String out = ok("fio", "--name=verify-qd" + iodepth, "--ioengine=nbd", "--uri=" + uri, "--rw=randwrite",
                "--bs=4k", "--size=" + size, "--iodepth=" + iodepth, "--verify=crc32c", "--do_verify=1",
                "--verify_fatal=1", "--verify_state_save=0", "--output-format=terse", "--terse-version=3");
        return out.lines().filter(l -> l.startsWith("3;")).findFirst()
                .orElseThrow(() -> new AssertionError("no terse line in fio's output:\n" + out)).split(";");
    }
}
