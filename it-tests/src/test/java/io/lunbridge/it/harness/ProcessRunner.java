package io.lunbridge.it.harness;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Runs external commands with a mandatory timeout and captures their output.
 *
 * <p>Why: every integration test drives real peers through command-line tools ({@code ip},
 * {@code tgtadm}, {@code ss}, libiscsi's clients). A hung tool must never hang the build, and a
 * failing one must say exactly which command failed, with what exit code and stderr. Output is
 * captured through temporary files rather than pipes, so a grandchild that keeps a pipe open
 * cannot block the runner. Secrets in a {@link Command} are redacted from every message.
 */
public final class ProcessRunner {

    /** Default timeout for short administrative commands (ip, tgtadm, ss). */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    private static final int STDERR_TAIL_LINES = 20;
    private static final Duration KILL_GRACE = Duration.ofSeconds(5);

    private ProcessRunner() {
    }

    /**
     * Runs {@code command} and returns its result; throws when it exits non-zero or times out.
     *
     * @throws HarnessException naming the command, exit code and stderr tail
     */
    public static ProcessResult run(Command command, Duration timeout) {
        ProcessResult result = runAllowingFailure(command, timeout);
        if (!result.succeeded()) {
            throw new HarnessException("command `" + result.command() + "` failed with exit code "
                    + result.exitCode() + "; stderr tail:\n" + result.stderrTail(STDERR_TAIL_LINES));
        }
        return result;
    }

    /** {@link #run(Command, Duration)} with {@link #DEFAULT_TIMEOUT}. */
    public static ProcessResult run(Command command) {
        return run(command, DEFAULT_TIMEOUT);
    }

    /** {@link #run(Command, Duration)} of plain arguments with {@link #DEFAULT_TIMEOUT}. */
    public static ProcessResult run(String... argv) {
        return run(Command.of(argv), DEFAULT_TIMEOUT);
    }

    /**
     * Runs {@code command} and returns its result whatever the exit code.
     *
     * @throws HarnessException when it cannot be started or does not finish within {@code timeout}
     *                          (it is then killed, with its descendants)
     */
    public static ProcessResult runAllowingFailure(Command command, Duration timeout) {
        Path out = null;
        Path err = null;
        try {
            out = Files.createTempFile("lbit-out-", ".txt");
            err = Files.createTempFile("lbit-err-", ".txt");
            Process process = start(command, out, err);
            boolean finished;
            try {
                finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                kill(process);
                Thread.currentThread().interrupt();
                throw new HarnessException("interrupted while running `" + command.display() + "`", e);
            }
            if (!finished) {
                kill(process);
                throw new HarnessException("command `" + command.display() + "` did not finish within "
                        + timeout + " and was killed; stderr tail:\n"
                        + command.redact(Text.tailOfFile(err, STDERR_TAIL_LINES)));
            }
            return new ProcessResult(command.display(), process.exitValue(), command.redact(read(out)),
                    command.redact(read(err)));
        } catch (IOException e) {
            throw new HarnessException("cannot run `" + command.display() + "`: " + e.getMessage(), e);
        } finally {
            deleteQuietly(out);
            deleteQuietly(err);
        }
    }

    /**
     * Starts a long-running {@code command} with stdout and stderr appended to the given files.
     * The caller owns the returned process and must stop it (see {@link #stop(Process, Duration)}).
     */
    public static Process start(Command command, Path stdoutFile, Path stderrFile) {
        ProcessBuilder builder = new ProcessBuilder(command.argv());
        builder.environment().putAll(command.environment());
        builder.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        builder.redirectOutput(ProcessBuilder.Redirect.appendTo(stdoutFile.toFile()));
        builder.redirectError(ProcessBuilder.Redirect.appendTo(stderrFile.toFile()));
        try {
            return builder.start();
        } catch (IOException e) {
            throw new HarnessException("cannot start `" + command.display() + "`: " + e.getMessage(), e);
        }
    }

    /**
     * Stops a process this harness started: SIGTERM, wait up to {@code grace}, then SIGKILL and
     * wait again. Returns true when the process is gone.
     */
    public static boolean stop(Process process, Duration grace) {
        if (!process.isAlive()) {
            return true;
        }
        process.destroy();
        if (awaitExit(process, grace)) {
            return true;
        }
        kill(process);
        return !process.isAlive();
    }

    /** SIGKILLs the process and its descendants and waits briefly for it to be reaped. */
    public static void kill(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        awaitExit(process, KILL_GRACE);
    }

    /** The state letter of /proc/PID/stat (R, S, D, Z, …), or '?' when the process is gone. */
    public static char state(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            return stat.charAt(stat.lastIndexOf(')') + 2);
        } catch (IOException | RuntimeException e) {
            return '?';
        }
    }

    /** Waits up to {@code timeout} for the process to exit; true when it has. */
    public static boolean awaitExit(Process process, Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !process.isAlive();
        }
    }

    private static String read(Path file) throws IOException {
        return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
    }

    private static void deleteQuietly(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // a leftover empty temp file is harmless; the real error (if any) is already thrown
            }
        }
    }
}
