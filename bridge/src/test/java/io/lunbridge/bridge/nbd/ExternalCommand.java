package io.lunbridge.bridge.nbd;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs one external client (nbdinfo, qemu-io, nbdcopy, fio) with a deadline, capturing its output.
 * The process is stopped by its own handle (PID) in a finally block, never by name.
 */
final class ExternalCommand {
    /** Exit status and combined stdout/stderr. */
    record Result(int exit, String output) {
    }

    private final Process process;
    private final List<String> command;

    private ExternalCommand(List<String> command) throws IOException {
        this.command = command;
        this.process = new ProcessBuilder(command).redirectErrorStream(true).start();
    }

    /** Starts {@code command} without waiting. */
    static ExternalCommand start(String... command) throws IOException {
        return new ExternalCommand(List.of(command));
    }

    /** Runs {@code command} to completion within {@code timeout}. */
    static Result run(Duration timeout, String... command) throws IOException, InterruptedException {
        return start(command).await(timeout);
    }

    /** Waits for the process; kills it (by PID) if it outlives the deadline. */
    Result await(Duration timeout) throws IOException, InterruptedException {
        try {
            byte[] out = process.getInputStream().readAllBytes();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IOException(command + " did not finish within " + timeout);
            }
            return new Result(process.exitValue(), new String(out, StandardCharsets.UTF_8));
        } finally {
            stop();
        }
    }

    /** Kills the process if still running. */
    void stop() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        }
    }
}
