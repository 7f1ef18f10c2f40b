package io.lunbridge.it.store;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Starts {@link StoreWriter} in a new JVM with this test's classpath. */
final class ChildJvm {
    private ChildJvm() {
    }

    static Process start(Path workDir, String stderrName, String... args) throws IOException {
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx64m",
                "-Dorg.sqlite.tmpdir=" + workDir, // native library copies stay in the test's directory
                "-cp", classpath, StoreWriter.class.getName()));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).redirectError(workDir.resolve(stderrName).toFile())
                .redirectInput(ProcessBuilder.Redirect.PIPE).start();
    }
}
