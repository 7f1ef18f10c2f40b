package io.lunbridge.it.kernel;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.lunbridge.it.harness.Command;
import io.lunbridge.it.harness.ProcessRunner;
import io.lunbridge.it.harness.WorkDirs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * One run of the qemu test guest ({@code it-tests/vm/lunbridge-vm.sh}) for the VM ITs: the run
 * directory (shared read-write with the guest; the test writes {@code params} and whatever else the
 * guest script reads into it before {@link #boot}), qemu started with a guest script and awaited
 * within a limit, the script's status ({@code rc}) read back, and the tails of the logs for a failure
 * message. {@link #close} kills qemu by PID and deletes the run directory, always.
 */
final class GuestVm implements AutoCloseable {
    private static final int TAIL_LINES = 80;

    private final Path root;
    private final Path runDir;
    private final Path console;
    private Process qemu;

    private GuestVm(Path root, Path runDir) {
        this.root = root;
        this.runDir = runDir;
        this.console = runDir.resolve("console.log");
    }

    /** A fresh run directory; fails the test unless the packaging module's jar is built. */
    static GuestVm create() throws IOException {
        Path root = Path.of(System.getProperty("user.dir")).toAbsolutePath().getParent();
        Path jar = root.resolve("packaging/target/lunbridge.jar");
        assertTrue(Files.isRegularFile(jar), "no " + jar + ": build the packaging module first (mvn package)");
        return new GuestVm(root, Files.createTempDirectory("lunbridge-vm-"));
    }

    /** The project checkout. */
    Path root() {
        return root;
    }

    /** The shaded jar the guest runs. */
    Path jar() {
        return root.resolve("packaging/target/lunbridge.jar");
    }

    /** A file of the run directory. */
    Path file(String name) {
        return runDir.resolve(name);
    }

    /** The run directory's {@code params}: {@code LUNBRIDGE_JAR=...} and then {@code extraLines}. */
    void params(String... extraLines) throws IOException {
        StringBuilder sb = new StringBuilder("LUNBRIDGE_JAR=" + jar() + "\n");
        for (String line : extraLines) {
            sb.append(line).append('\n');
        }
        Files.writeString(file("params"), sb, StandardCharsets.UTF_8);
    }

    /**
     * Boots the guest with {@code it-tests/vm/SCRIPT} ({@code flavour}: lunbridge-vm.sh's
     * LUNBRIDGE_VM_FLAVOUR, {@code script} or {@code systemd}), waits up to {@code limit} for qemu to
     * exit and returns the script's status as the guest wrote it to {@code rc} ({@code "0"}: passed),
     * or a sentence saying there was none; fails the test when the guest did not finish in time.
     * {@code logs} are the run directory's files whose tails go into the failure message.
     */
    String boot(String script, String flavour, Duration limit, String... logs) throws IOException {
        Command command = Command.of(root.resolve("it-tests/vm/lunbridge-vm.sh").toString(), runDir.toString(),
                root.resolve("it-tests/vm").resolve(script).toString()).env("LUNBRIDGE_VM_FLAVOUR", flavour);
        long start = System.nanoTime();
        qemu = ProcessRunner.start(command, console, console);
        if (!ProcessRunner.awaitExit(qemu, limit)) {
            fail("the guest did not finish within " + limit + "\n" + report(logs));
        }
        System.out.printf("%s: boot to poweroff %d s%n", script, Duration.ofNanos(System.nanoTime() - start).toSeconds());
        Path rc = file("rc");
        return Files.exists(rc) ? Files.readString(rc).trim() : "none (qemu exited " + qemu.exitValue() + ")";
    }

    /** The tails of the guest's log, of {@code logs} (run directory files) and of the console. */
    String report(String... logs) throws IOException {
        StringBuilder sb = new StringBuilder("--- guest.log (tail)\n").append(tail(file("guest.log")));
        for (String log : logs) {
            sb.append("--- ").append(log).append(" (tail)\n").append(tail(file(log)));
        }
        return sb.append("--- console (tail)\n").append(tail(console)).toString();
    }

    private static String tail(Path file) throws IOException {
        if (!Files.exists(file)) {
            return "(no " + file.getFileName() + ")\n";
        }
        List<String> lines = Files.readAllLines(file, StandardCharsets.ISO_8859_1);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - TAIL_LINES), lines.size())) + "\n";
    }

    @Override
    public void close() {
        if (qemu != null) {
            ProcessRunner.kill(qemu);
        }
        WorkDirs.deleteRecursively(runDir);
    }
}
