package io.lunbridge.it.lifecycle;

import io.lunbridge.it.harness.Await;
import io.lunbridge.it.harness.Command;
import io.lunbridge.it.harness.HarnessException;
import io.lunbridge.it.harness.ProcessResult;
import io.lunbridge.it.harness.ProcessRunner;
import io.lunbridge.it.harness.Text;
import io.lunbridge.it.harness.WorkDirs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One {@code lunbridge attach --mode fuse-loop} child process of the project's jar, with its output
 * files, and the other verbs run against it. {@link #cleanUp()} removes what it may have left even
 * when a test failed: the process (SIGKILL after a grace), its FUSE mount (lazily) and its loop
 * device (only the one it printed).
 */
final class FuseAttachProcess {
    static final Path JAR = Path.of(System.getProperty("lunbridge.jar", "../packaging/target/lunbridge.jar"))
            .toAbsolutePath();
    private static final Pattern DEVICE = Pattern.compile("(?m)^lun1 (/dev/loop\\d+) \\((\\S+)\\)");

    final Process process;
    final Path out;
    final Path err;
    final Path mountDir;
    final String iqn;
    String device;
    Path file;

    private FuseAttachProcess(Process process, Path out, Path err, Path mountDir, String iqn) {
        this.process = process;
        this.iqn = iqn;
        this.out = out;
        this.err = err;
        this.mountDir = mountDir;
    }

    /** Starts an attach of LUN 1 and waits until it printed its loop device. */
    static FuseAttachProcess start(String portal, String iqn, Path mountDir, Path configDir) {
        FuseAttachProcess a = launch(portal, iqn, "1", mountDir, configDir);
        a.awaitDevice();
        return a;
    }

    /** As {@link #start(String, String, Path, Path)} with more attach options ({@code --store}, …). */
    static FuseAttachProcess start(String portal, String iqn, Path mountDir, Path configDir, List<String> extra) {
        FuseAttachProcess a = launch(portal, iqn, "1", mountDir, configDir, extra);
        a.awaitDevice();
        return a;
    }

    /** Starts an attach without waiting for anything. */
    static FuseAttachProcess launch(String portal, String iqn, String lun, Path mountDir, Path configDir) {
        return launch(portal, iqn, lun, mountDir, configDir, List.of());
    }

    private static FuseAttachProcess launch(String portal, String iqn, String lun, Path mountDir, Path configDir,
                                            List<String> extra) {
        Path out = WorkDirs.newLogFile("attach-out");
        Path err = WorkDirs.newLogFile("attach-err");
        List<String> argv = new ArrayList<>(List.of("java", "-Xmx256m", "-Dlunbridge.log.level=INFO", "-jar",
                JAR.toString(), "attach", "--mode", "fuse-loop", "--portal", portal, "--target", iqn, "--lun", lun,
                "--mount-dir", mountDir.toString(), "--config-dir", configDir.toString()));
        argv.addAll(extra);
        Process p = ProcessRunner.start(Command.of(argv.toArray(String[]::new)), out, err);
        return new FuseAttachProcess(p, out, err, mountDir, iqn);
    }

    private void awaitDevice() {
        Await.until("attach prints its loop device", Duration.ofSeconds(90), () -> {
            if (!process.isAlive()) {
                throw new HarnessException("attach exited with " + process.exitValue() + "\n" + Text.tailOfFile(err, 30));
            }
            return DEVICE.matcher(stdout()).find();
        });
        Matcher m = DEVICE.matcher(stdout());
        if (!m.find()) {
            throw new HarnessException("no device line in " + stdout());
        }
        device = m.group(1);
        file = Path.of(m.group(2));
    }

    String stdout() {
        return read(out);
    }

    String stderr() {
        return read(err);
    }

    /** Runs another lunbridge verb (detach, …) to completion. */
    static ProcessResult verb(String... args) {
        List<String> argv = new ArrayList<>(List.of("java", "-Xmx128m", "-jar", JAR.toString()));
        argv.addAll(List.of(args));
        return ProcessRunner.runAllowingFailure(Command.of(argv.toArray(String[]::new)), Duration.ofSeconds(120));
    }

    /** Sends SIGTERM (the process may keep serving: that is what is under test). */
    void terminate() {
        process.destroy();
    }

    boolean awaitExit(Duration d) {
        return ProcessRunner.awaitExit(process, d);
    }

    /** Kills the process and removes its leftovers, its lock record too (best effort, for finally blocks). */
    void cleanUp() {
        if (process.isAlive()) {
            ProcessRunner.kill(process);
            verb("detach", "--target", iqn, "--lun", "1");
        }
        ProcessRunner.runAllowingFailure(Command.of("umount", "-l", mountDir.toString()), Duration.ofSeconds(20));
        if (device != null && ProcessRunner.runAllowingFailure(Command.of("losetup", device), Duration.ofSeconds(10))
                .stdout().contains(mountDir.toString())) {
            ProcessRunner.runAllowingFailure(Command.of("losetup", "-d", device), Duration.ofSeconds(20));
        }
    }

    private static String read(Path f) {
        try {
            return Files.readString(f);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
