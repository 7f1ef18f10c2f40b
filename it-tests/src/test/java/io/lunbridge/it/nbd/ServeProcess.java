package io.lunbridge.it.nbd;

import io.lunbridge.it.harness.Await;
import io.lunbridge.it.harness.Command;
import io.lunbridge.it.harness.HarnessException;
import io.lunbridge.it.harness.ProcessRunner;
import io.lunbridge.it.harness.Text;
import io.lunbridge.it.harness.WorkDirs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code lunbridge serve} of the shaded jar running as a child JVM, exporting one target's LUNs on a
 * Unix socket.
 *
 * <p>Why a child process and not the classes in-process: it is the program users run, its SIGTERM
 * handling (stop accepting, drain, log out) can only be tested from outside, and its memory and CPU
 * are its own. The jar is {@code packaging/target/lunbridge.jar} (built by {@code mvn install};
 * {@code -Dlunbridge.jar=PATH} overrides). The child logs at INFO to a log file kept after the test.
 * Every instance gets its own initiator name: two sessions from one name to the same target would
 * share an ISID and reinstate (end) each other.
 *
 * <p>{@link #terminate(Duration)} sends SIGTERM to the recorded PID and waits; {@link #close()}
 * does the same and SIGKILLs the PID after a grace period.
 */
public final class ServeProcess implements AutoCloseable {
    /** Exit status of a JVM that ran its shutdown hooks after SIGTERM (128 + 15). */
    public static final int EXIT_ON_SIGTERM = 143;

    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration STOP_GRACE = Duration.ofSeconds(45);
    private static final Pattern EXPORT_LINE = Pattern.compile("(?m)^exporting (\\S+) \\((\\d+) bytes(?:, also as ([^)]*))?\\)$");

    private final Process process;
    private final Path socket;
    private final Path stdout;
    private final Path stderr;
    private final Map<String, Long> exports;
    private final AtomicBoolean closed = new AtomicBoolean();

    private ServeProcess(Process process, Path socket, Path stdout, Path stderr, Map<String, Long> exports) {
        this.process = process;
        this.socket = socket;
        this.stdout = stdout;
        this.stderr = stderr;
        this.exports = exports;
    }

    /**
     * Starts {@code serve --portal PORTAL --target IQN --nbd unix:SOCKET} with a fresh configuration
     * directory and initiator name {@code initiatorName}, and waits until it says it listens.
     *
     * @throws HarnessException when the jar is missing or the server exits or is silent too long
     */
    static ServeProcess start(String portal, String target, String initiatorName, Path workDir, String... extra) {
        List<String> args = new ArrayList<>(List.of("--portal", portal, "--target", target,
                "--initiator-name", initiatorName));
        args.addAll(List.of(extra));
        return start(workDir, args);
    }

    /**
     * Starts {@code serve ARGS --nbd unix:WORKDIR/nbd.sock --config-dir WORKDIR/etc} (ARGS name the
     * target, its portals and everything else) and waits until it says it listens.
     *
     * @throws HarnessException when the jar is missing or the server exits or is silent too long
     */
    public static ServeProcess start(Path workDir, List<String> args) {
        Path jar = jar();
        Path socket = workDir.resolve("nbd.sock");
        Path out = WorkDirs.newLogFile("serve-out");
        Path err = WorkDirs.newLogFile("serve-err");
        List<String> argv = new ArrayList<>(List.of("java", "-Xmx256m", "-Dlunbridge.log.level=INFO", "-jar",
                jar.toString(), "serve"));
        argv.addAll(args);
        argv.addAll(List.of("--nbd", "unix:" + socket, "--config-dir", workDir.resolve("etc").toString()));
        Process p = ProcessRunner.start(Command.of(argv.toArray(new String[0])), out, err);
        try {
            Await.until("lunbridge serve (pid " + p.pid() + ") listens on " + socket, START_TIMEOUT, () -> {
                if (!p.isAlive()) {
                    throw new HarnessException("lunbridge serve (pid " + p.pid() + ") exited with " + p.exitValue()
                            + " before listening\n" + logs(out, err));
                }
                return read(out).contains("listening on unix:" + socket);
            }, () -> logs(out, err));
        } catch (RuntimeException e) {
            ProcessRunner.stop(p, STOP_GRACE);
            throw e;
        }
        Map<String, Long> exports = new LinkedHashMap<>();
        Matcher m = EXPORT_LINE.matcher(read(out));
        while (m.find()) {
            exports.put(m.group(1), Long.parseLong(m.group(2)));
        }
        return new ServeProcess(p, socket, out, err, exports);
    }

    /** The shaded jar the tests run ({@code -Dlunbridge.jar=PATH} overrides). */
    public static Path jar() {
        Path jar = Path.of(System.getProperty("lunbridge.jar", "../packaging/target/lunbridge.jar")).toAbsolutePath();
        if (!Files.isRegularFile(jar)) {
            throw new HarnessException("lunbridge.jar not found at " + jar
                    + ": run `mvn -o install -DskipTests` first (or pass -Dlunbridge.jar=PATH)");
        }
        return jar;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static String logs(Path out, Path err) {
        return "--- serve stdout " + out + " ---\n" + Text.tailOfFile(out, 20)
                + "\n--- serve stderr " + err + " (tail) ---\n" + Text.tailOfFile(err, 40);
    }

    /** The NBD URI of export {@code name} on this server's socket ("" is the default export). */
    public String uri(String name) {
        return "nbd+unix:///" + name + "?socket=" + socket;
    }

    /** The server's Unix socket. */
    public Path socket() {
        return socket;
    }

    /** Export name → size in bytes, as the server printed them at start. */
    public Map<String, Long> exports() {
        return exports;
    }

    /** The PID of the child JVM. */
    public long pid() {
        return process.pid();
    }

    /** True while the child runs. */
    public boolean isAlive() {
        return process.isAlive();
    }

    /** Everything the server wrote to stderr (its log) so far. */
    public String log() {
        return read(stderr);
    }

    /** Stdout and the tail of the log, for assertion messages. */
    public String diagnostics() {
        return logs(stdout, stderr);
    }

    /**
     * Sends SIGTERM to the child and waits up to {@code timeout} for it to exit.
     *
     * @return its exit status
     * @throws HarnessException when it is still running after {@code timeout}
     */
    public int terminate(Duration timeout) {
        process.destroy();
        if (!ProcessRunner.awaitExit(process, timeout)) {
            throw new HarnessException("lunbridge serve (pid " + process.pid() + ") still running " + timeout
                    + " after SIGTERM\n" + diagnostics());
        }
        return process.exitValue();
    }

    /** SIGTERM, then SIGKILL after a grace period; idempotent. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true) && !ProcessRunner.stop(process, STOP_GRACE)) {
            throw new HarnessException("lunbridge serve (pid " + process.pid() + ") survived SIGKILL");
        }
    }

    @Override
    public String toString() {
        return "lunbridge serve pid " + process.pid() + " on " + socket;
    }
}
