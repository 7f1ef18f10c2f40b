package io.lunbridge.app.lvm;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code lvm COMMAND ARGS} as a child process with this process's environment, so that
 * {@code LVM_SYSTEM_DIR} (a private lvm.conf, as the tests use) applies to it; lvm's warning about
 * inherited descriptors is switched off. A command that takes longer than the timeout is killed.
 */
public final class ProcessLvmRunner implements LvmRunner {
    private static final List<String> PLACES = List.of("/usr/sbin/lvm", "/sbin/lvm", "/usr/bin/lvm");
    private final String lvm;
    private final Duration timeout;

    public ProcessLvmRunner(String lvm, Duration timeout) {
        this.lvm = lvm;
        this.timeout = timeout;
    }

    /** lvm from /usr/sbin, /sbin or /usr/bin (else "lvm" on PATH), 2 minutes per command. */
    public static ProcessLvmRunner system() {
        String found = PLACES.stream().filter(p -> Files.isExecutable(Path.of(p))).findFirst().orElse("lvm");
        return new ProcessLvmRunner(found, Duration.ofMinutes(2));
    }

    @Override
    public LvmResult run(List<String> args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(lvm);
        cmd.addAll(args);
        ProcessBuilder b = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        b.environment().put("LVM_SUPPRESS_FD_WARNINGS", "1");
        Process p;
        try {
            p = b.start();
        } catch (IOException e) {
            throw new IOException("cannot run " + lvm + " (is lvm2 installed?): " + e.getMessage(), e);
        }
        try {
            CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
            CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(p.getInputStream()));
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IOException("lvm " + String.join(" ", args) + " did not finish within " + timeout.toSeconds()
                        + " s");
            }
            return new LvmResult(p.exitValue(), out.get(), err.get());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted running lvm " + String.join(" ", args), e);
        } catch (ExecutionException e) {
            throw new IOException("lvm " + String.join(" ", args) + ": " + e.getCause().getMessage(), e.getCause());
        } finally {
            if (p.isAlive()) {
                p.destroyForcibly();
            }
        }
    }

    private static String read(InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
