package io.lunbridge.cli.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * packaging/src/dist/native-trim-option prints -XX:TrimNativeHeapInterval only for a JDK that has it
 * (read from the JDK's release file), and the packaged launcher (deb/src/deb/lunbridge) passes it, with
 * the glibc malloc settings, to every verb that is not a quick one. The JDKs are fake trees (a release
 * file and a bin/java that prints its arguments and environment); one test runs the real JDK.
 */
class NativeTrimOptionTest {
    private static final Path SCRIPT = Path.of("src/dist/native-trim-option").toAbsolutePath();
    private static final Path DEB_LAUNCHER = Path.of("../deb/src/deb/lunbridge").toAbsolutePath();
    private static final String OPTION = "-XX:TrimNativeHeapInterval=1000";

    @TempDir
    Path tmp;

    /** A JDK tree whose bin/java prints each argument and then the MALLOC_ variables, one a line. */
    private Path fakeJdk(String name, String release) throws IOException {
        Path home = Files.createDirectories(tmp.resolve(name));
        if (release != null) {
            Files.writeString(home.resolve("release"), release);
        }
        Path java = Files.createDirectories(home.resolve("bin")).resolve("java");
        Files.writeString(java, "#!/bin/sh\nfor a in \"$@\"; do echo \"arg $a\"; done\nenv | grep '^MALLOC_' | sort\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        return java;
    }

    private static String run(Map<String, String> env, String... command) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().keySet().removeIf(k -> k.startsWith("MALLOC_") || k.equals("LUNBRIDGE_JAVA_OPTS"));
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), String.join(" ", command) + ": " + out);
        return out;
    }

    private String option(String release) throws IOException, InterruptedException {
        Path java = fakeJdk("jdk-" + Integer.toHexString(String.valueOf(release).hashCode()), release);
        return run(Map.of(), "sh", SCRIPT.toString(), java.toString()).strip();
    }

    @Test
    void printsTheOptionOnlyForJdksThatHaveIt() throws Exception {
        assertEquals("", option("JAVA_VERSION=\"17.0.8\"\n"), "17.0.8 refuses the option");
        assertEquals(OPTION, option("IMPLEMENTOR=\"Debian\"\nJAVA_VERSION=\"17.0.9\"\n"));
        assertEquals(OPTION, option("JAVA_VERSION=\"17.0.15\"\nJAVA_RUNTIME_VERSION=\"17.0.15+6-Debian-1deb12u1\"\n"));
        assertEquals("", option("JAVA_VERSION=\"17\"\n"), "17 GA");
        assertEquals("", option("JAVA_VERSION=\"11.0.25\"\n"));
        assertEquals("", option("JAVA_VERSION=\"20.0.2\"\n"), "18 to 20 never had it");
        assertEquals("", option("JAVA_VERSION=\"21\"\n"));
        assertEquals(OPTION, option("JAVA_VERSION=\"21.0.1\"\n"));
        assertEquals(OPTION, option("JAVA_VERSION=\"22\"\n"));
        assertEquals("", option(null), "no release file: not known, not passed");
        assertEquals("", option("JAVA_VERSION=\"garbage\"\n"));
        assertEquals("", run(Map.of(), "sh", SCRIPT.toString(), tmp.resolve("no-such-java").toString()).strip());
    }

    @Test
    void theJdkRunningThisTestAcceptsWhatTheScriptPrintsForIt() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        String printed = run(Map.of(), "sh", SCRIPT.toString(), java.toString()).strip();
        List<String> command = new ArrayList<>(List.of(java.toString()));
        if (!printed.isEmpty()) {
            assertEquals(OPTION, printed);
            command.add(printed);
        }
        command.add("-version");
        run(Map.of(), command.toArray(String[]::new));
        assertFalse(printed.isEmpty() && Runtime.version().feature() == 17 && Runtime.version().update() >= 9,
                "this JDK (" + Runtime.version() + ") has the option, the script must print it");
    }

    @Test
    void thePackagedLauncherPassesItToLongVerbsOnlyWithTheMallocSettings() throws Exception {
        Path share = Files.createDirectories(tmp.resolve("share"));
        Files.copy(Path.of("src/dist/jvm.options"), share.resolve("jvm.options"));
        Files.copy(Path.of("src/dist/quick-verbs"), share.resolve("quick-verbs"));
        Files.copy(SCRIPT, share.resolve("native-trim-option"));
        Files.setPosixFilePermissions(share.resolve("native-trim-option"), PosixFilePermissions.fromString("rwxr-xr-x"));
        String text = Files.readString(DEB_LAUNCHER);
        assertTrue(text.contains("share=/usr/share/lunbridge\n"), DEB_LAUNCHER + ": where it finds its files");
        Path launcher = tmp.resolve("lunbridge");
        Files.writeString(launcher, text.replace("share=/usr/share/lunbridge\n", "share=" + share + "\n"));

        Path newJava = fakeJdk("new", "JAVA_VERSION=\"17.0.15\"\n");
        Path oldJava = fakeJdk("old", "JAVA_VERSION=\"17.0.8\"\n");
        Map<String, String> newPath = Map.of("PATH", newJava.getParent() + ":/usr/bin:/bin");
        Map<String, String> oldPath = Map.of("PATH", oldJava.getParent() + ":/usr/bin:/bin");

        String serve = run(newPath, "sh", launcher.toString(), "serve");
        assertTrue(serve.contains("arg " + OPTION + "\n"), serve);
        assertTrue(serve.contains("arg -XX:+UseSerialGC\n"), "jvm.options come first: " + serve);
        assertTrue(serve.contains("MALLOC_ARENA_MAX=2\nMALLOC_MMAP_THRESHOLD_=131072\nMALLOC_TRIM_THRESHOLD_=131072\n"), serve);
        String luns = run(newPath, "sh", launcher.toString(), "luns");
        assertFalse(luns.contains("TrimNativeHeapInterval"), "a quick verb: " + luns);
        assertTrue(luns.contains("arg -XX:TieredStopAtLevel=1\n"), luns);
        String old = run(oldPath, "sh", launcher.toString(), "serve");
        assertFalse(old.contains("TrimNativeHeapInterval"), "17.0.8 would refuse it and not start: " + old);
        String own = run(Map.of("PATH", newJava.getParent() + ":/usr/bin:/bin", "MALLOC_TRIM_THRESHOLD_", "0",
                "LUNBRIDGE_JAVA_OPTS", "-XX:TrimNativeHeapInterval=0"), "sh", launcher.toString(), "serve");
        assertTrue(own.contains("MALLOC_TRIM_THRESHOLD_=0\n"), "the user's malloc setting wins: " + own);
        assertTrue(own.indexOf("arg -XX:TrimNativeHeapInterval=0\n") > own.indexOf("arg " + OPTION + "\n"),
                "LUNBRIDGE_JAVA_OPTS comes after, so it overrides: " + own);
    }
}
