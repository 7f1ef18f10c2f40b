package io.lunbridge.it.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lunbridge.it.harness.Command;
import io.lunbridge.it.harness.ProcessResult;
import io.lunbridge.it.harness.ProcessRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The class-data-sharing archive of a checkout: bin/lunbridge makes it (packaging/target/lunbridge.jsa)
 * and maps it, shown with {@code -Xshare:on}, under which a JVM that cannot map it fails; and an
 * archive of another jar is ignored without a word, with the JVM options of jvm.options, so a stale
 * archive never changes what a verb prints. (The package's archive: scripts/test-deb.sh.)
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class StartupArchiveIT {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Path JAR = Path.of(System.getProperty("lunbridge.jar", "../packaging/target/lunbridge.jar"))
            .toAbsolutePath();
    private static final Duration TIMEOUT = Duration.ofSeconds(120);

    @TempDir
    Path tmp;

    @Test
    void binLunbridgeMakesTheArchiveAndItsClassesComeFromIt() {
        ProcessResult r = ProcessRunner.run(Command.of(ROOT.resolve("bin/lunbridge").toString(), "--version")
                .env("LUNBRIDGE_JAVA_OPTS", "-Xshare:on -Xlog:class+load=info"), TIMEOUT);
        assertTrue(Files.isRegularFile(ROOT.resolve("packaging/target/lunbridge.jsa")), r.describe());
        assertTrue(r.stdout().contains("io.lunbridge.cli.Main source: shared objects file (top)"),
                "lunbridge's main class read from the archive: " + r.describe());
        assertTrue(r.stdout().lines().anyMatch(l -> l.startsWith("lunbridge ")), r.describe());
    }

    @Test
    void anArchiveOfAnotherJarIsIgnoredSilently() throws IOException {
        Path otherJar = Files.copy(JAR, tmp.resolve("other.jar"));
        Path archive = tmp.resolve("other.jsa");
        List<String> java = new ArrayList<>(List.of("java"));
        java.addAll(jvmOptions());
        List<String> make = new ArrayList<>(List.of(ROOT.resolve("packaging/src/dist/cds-archive").toString(),
                archive.toString(), otherJar.toString()));
        make.addAll(java);
        ProcessRunner.run(Command.of(make.toArray(String[]::new)), TIMEOUT);
        assertTrue(Files.size(archive) > 0, "cds-archive made " + archive);

        List<String> run = new ArrayList<>(java);
        run.addAll(List.of("-XX:SharedArchiveFile=" + archive, "-jar", JAR.toString(), "--version"));
        ProcessResult r = ProcessRunner.run(Command.of(run.toArray(String[]::new)), TIMEOUT);
        assertTrue(r.stdout().matches("lunbridge \\S+\n"), "only the version on stdout: " + r.describe());
        assertEquals("", r.stderr(), r.describe());
    }

    /** The JVM defaults as the launchers read them. */
    private static List<String> jvmOptions() throws IOException {
        return Files.readAllLines(ROOT.resolve("packaging/src/dist/jvm.options")).stream()
                .map(l -> l.replaceAll("#.*", "").strip()).filter(l -> !l.isEmpty()).toList();
    }
}
