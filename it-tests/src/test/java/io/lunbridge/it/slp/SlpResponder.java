package io.lunbridge.it.slp;

import io.lunbridge.it.harness.Await;
import io.lunbridge.it.harness.Command;
import io.lunbridge.it.harness.NetworkNamespace;
import io.lunbridge.it.harness.ProcessRunner;
import io.lunbridge.it.harness.TargetHostExtension;
import io.lunbridge.it.harness.WorkDirs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Test-side handle of one {@link SlpReplayResponder} process running in a namespace: starts it
 * (a JVM on the test's class path, via {@code ip netns exec}), waits for READY, sends it commands
 * through its FIFO and reads what it received from its log. The process and its files are cleaned
 * up with the test's {@link TargetHostExtension} scope.
 */
final class SlpResponder {
    /** Where the capture files are, from the it-tests module directory. */
    static final Path CAPTURES = Path.of("..", "protocol", "src", "test", "resources", "slp");
    private static final Duration START = Duration.ofSeconds(30);
    private static final Pattern RECV = Pattern.compile(
            "^RECV (UDP|TCP) from=([0-9.]+):(\\d+) xid=(\\d+) fn=(\\S+) mcast=(\\S+) lang=(\\S+) prlist=(\\S*)$");

    /** One request the responder received. */
    record Received(String transport, String fromAddress, int fromPort, int xid, String function, boolean multicast,
            String language, List<String> previousResponders) {
    }

    private final NetworkNamespace namespace;
    private final Path log;
    private final Path control;
    private final Process process;

    private SlpResponder(NetworkNamespace namespace, Path log, Path control, Process process) {
        this.namespace = namespace;
        this.log = log;
        this.control = control;
        this.process = process;
    }

    /** Options of one responder. */
    static final class Spec {
        private final String role;
        private final List<String> files;
        private final Map<String, String> map = new LinkedHashMap<>();
        private int dropFirst;

        private Spec(String role, List<String> files) {
            this.role = role;
            this.files = List.copyOf(files);
        }

        /** Plays the node at capture address {@code role} from these capture files. */
        static Spec role(String role, String... files) {
            return new Spec(role, List.of(files));
        }

        /** Rewrites capture address {@code capture} to {@code test} in replies. */
        Spec map(String capture, String test) {
            map.put(capture, test);
            return this;
        }

        /** Ignores the first {@code n} UDP requests (to make the UA retransmit). */
        Spec dropFirst(int n) {
            dropFirst = n;
            return this;
        }
    }

    /** Starts a responder in {@code ns}, answering as its peer address; maps the role to that address. */
    static SlpResponder start(TargetHostExtension hosts, NetworkNamespace ns, Spec spec) {
        Path captures = CAPTURES.toAbsolutePath().normalize();
        if (!Files.isRegularFile(captures.resolve("README.md"))) {
            throw new IllegalStateException("SLP captures not found at " + captures
                    + " (tests run from the it-tests module directory)");
        }
        Path dir = WorkDirs.newTmpfsDir("slp-responder");
        hosts.register("directory " + dir, () -> WorkDirs.deleteRecursively(dir));
        Path fifo = dir.resolve("control");
        ProcessRunner.run("mkfifo", fifo.toString());
        Path log = WorkDirs.newLogFile("slp-responder");
        String java = ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> argv = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
                SlpReplayResponder.class.getName(), "--captures", captures.toString(), "--files",
                String.join(",", spec.files), "--role", spec.role, "--address", ns.peerAddress(), "--control",
                fifo.toString(), "--drop-first", Integer.toString(spec.dropFirst)));
        Map<String, String> map = new LinkedHashMap<>(spec.map);
        map.putIfAbsent(spec.role, ns.peerAddress());
        map.forEach((k, v) -> {
            argv.add("--map");
            argv.add(k + "=" + v);
        });
        Process p = hosts.startProcess(Command.of(argv.toArray(new String[0])).inNamespace(ns.name()), log);
        SlpResponder r = new SlpResponder(ns, log, fifo, p);
        Await.until("SLP responder in " + ns.name() + " is ready", START,
                () -> r.lines().stream().anyMatch(l -> l.startsWith("READY")) || !p.isAlive(), r::tail);
        if (!p.isAlive()) {
            throw new IllegalStateException("SLP responder exited: " + r.tail());
        }
        return r;
    }

    /** Multicasts captured message {@code file[index]} (rewritten) and waits until it is sent. */
    void send(String file, int index) {
        long before = lines().stream().filter(l -> l.startsWith("SENT")).count();
        try {
            Files.writeString(control, "send " + file + " " + index + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Await.until("SLP responder sent " + file + "[" + index + "]", START,
                () -> lines().stream().filter(l -> l.startsWith("SENT")).count() > before, this::tail);
    }

    /** The requests received so far, in order. */
    List<Received> received() {
        return received(lines());
    }

    /** The requests a responder's event lines record, in order. */
    static List<Received> received(List<String> lines) {
        List<Received> out = new ArrayList<>();
        for (String line : lines) {
            Matcher m = RECV.matcher(line);
            if (m.matches()) {
                out.add(new Received(m.group(1), m.group(2), Integer.parseInt(m.group(3)), Integer.parseInt(m.group(4)),
                        m.group(5), Boolean.parseBoolean(m.group(6)), m.group(7),
                        m.group(8).isEmpty() ? List.of() : List.of(m.group(8).split(","))));
            }
        }
        return out;
    }

    /** The responder's log lines. */
    List<String> lines() {
        try {
            return Files.readAllLines(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The address it answers from. */
    String address() {
        return namespace.peerAddress();
    }

    /** The log, for failure messages. */
    String tail() {
        List<String> l = lines();
        return "SLP responder log " + log + ":\n" + String.join("\n", l.subList(Math.max(0, l.size() - 40), l.size()));
    }

    boolean isAlive() {
        return process.isAlive();
    }
}
