package io.lunbridge.it.isns;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A network namespace {@code lbisns-it} (198.18.30.2) joined to the host (198.18.30.1) by a veth
 * pair, with open-isns {@code isnsd} running in it (in-memory database, Security = 0), plus
 * {@code isnsadm} helpers to register targets and discovery domains. Self-contained until the
 * shared it-tests harness exists (public for the daemon's iSNS IT). {@link #close()} stops isnsd by its PID and deletes exactly the
 * namespace and link it created, also after a failed setup.
 */
public final class IsnsdNamespace implements AutoCloseable {
    public static final String NAMESPACE = "lbisns-it";
    public static final String HOST_LINK = "lbisns-h";
    public static final String NS_LINK = "lbisns-n";
    public static final String HOST_ADDRESS = "198.18.30.1";
    public static final String SERVER_ADDRESS = "198.18.30.2";
    /** In the subnet, never assigned: connections to it fail. */
    public static final String UNUSED_ADDRESS = "198.18.30.99";
    public static final int ISNS_PORT = 3205;
    public static final String SERVER_NAME = "iqn.2026-01.io.lunbridge:isnsd";

    private final Path work;
    private final List<String> created = new ArrayList<>();
    private Process isnsd;

    private IsnsdNamespace(Path work) {
        this.work = work;
    }

    /** Creates the namespace and starts isnsd; on any failure cleans up what was made and throws. */
    public static IsnsdNamespace start() throws IOException, InterruptedException {
        IsnsdNamespace ns = new IsnsdNamespace(Files.createTempDirectory("lbisns-it"));
        try {
            ns.setUp();
            return ns;
        } catch (IOException | InterruptedException | RuntimeException e) {
            ns.close();
            throw e;
        }
    }

    private void setUp() throws IOException, InterruptedException {
        run("ip", "netns", "add", NAMESPACE);
        created.add("netns");
        run("ip", "link", "add", HOST_LINK, "type", "veth", "peer", "name", NS_LINK);
        created.add("link");
        run("ip", "link", "set", NS_LINK, "netns", NAMESPACE);
        run("ip", "addr", "add", HOST_ADDRESS + "/24", "dev", HOST_LINK);
        run("ip", "link", "set", HOST_LINK, "up");
        run("ip", "netns", "exec", NAMESPACE, "ip", "addr", "add", SERVER_ADDRESS + "/24", "dev", NS_LINK);
        run("ip", "netns", "exec", NAMESPACE, "ip", "link", "set", NS_LINK, "up");
        run("ip", "netns", "exec", NAMESPACE, "ip", "link", "set", "lo", "up");
        Path conf = work.resolve("isnsd.conf");
        Files.writeString(conf, String.join("\n",
                "SourceName = " + SERVER_NAME,
                "DefaultDiscoveryDomain = 1",
                "RegistrationPeriod = 0",
                "SLPRegister = 0",
                "Security = 0",
                "ControlSocket = " + work.resolve("control"),
                "PIDFile = " + work.resolve("isnsd.pid"),
                ""));
        // ip netns exec execs isnsd in place: the process we start is isnsd itself.
        isnsd = new ProcessBuilder("ip", "netns", "exec", NAMESPACE, "isnsd", "--config", conf.toString(), "--foreground")
                .redirectErrorStream(true).redirectOutput(work.resolve("isnsd.log").toFile()).start();
        waitForPort(Duration.ofSeconds(10));
    }

    private void waitForPort(Duration limit) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (true) {
            if (!isnsd.isAlive()) {
                throw new IOException("isnsd exited with " + isnsd.exitValue() + ": " + log());
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(SERVER_ADDRESS, ISNS_PORT), 200);
                return;
            } catch (IOException notYet) {
                if (System.nanoTime() > deadline) {
                    throw new IOException("isnsd not listening on " + SERVER_ADDRESS + ":" + ISNS_PORT + " after "
                            + limit + ": " + log());
                }
                isnsd.waitFor(100, TimeUnit.MILLISECONDS);
            }
        }
    }

    /** isnsd's output so far (for failure messages). */
    public String log() throws IOException {
        Path p = work.resolve("isnsd.log");
        return Files.exists(p) ? Files.readString(p) : "";
    }

    /** Runs isnsadm as client {@code sourceName} over TCP and returns its output; fails on a non-zero exit. */
    public String isnsadm(String sourceName, String... args) throws IOException, InterruptedException {
        Path conf = work.resolve("isnsadm-" + Integer.toHexString(sourceName.hashCode()) + ".conf");
        Files.writeString(conf, "SourceName = " + sourceName + "\nServerAddress = " + SERVER_ADDRESS
                + "\nSecurity = 0\n");
        List<String> cmd = new ArrayList<>(List.of("isnsadm", "--config", conf.toString()));
        cmd.addAll(List.of(args));
        return run(cmd.toArray(new String[0]));
    }

    /** Registers a target node with one portal and portal group tag 1, as the target itself would. */
    public void registerTarget(String entity, String iqn, String portal) throws IOException, InterruptedException {
        isnsadm(iqn, "--register", "entity=" + entity, "target=" + iqn, "portal=" + portal, "pg,pgt=1");
    }

    /** Deregisters a target's entity. */
    public void deregisterEntity(String entity, String iqn) throws IOException, InterruptedException {
        isnsadm(iqn, "--deregister", "entity-id=" + entity);
    }

    /**
     * Creates a discovery domain with the given members and returns the DD ID the server gave it.
     * (open-isns refuses a DDReg that names an unknown DD ID, so new domains are created by name.)
     */
    public long createDomain(String name, String... members) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of("--dd-register", "dd-name=" + name));
        for (String m : members) {
            args.add("dd-member-name=" + m);
        }
        String out = isnsadm("iqn.2026-01.io.lunbridge:admin", args.toArray(new String[0]));
        for (String line : out.split("\n")) {
            int i = line.indexOf("DD ID = ");
            if (i >= 0) {
                return Long.parseLong(line.substring(i + 8).trim());
            }
        }
        throw new IOException("isnsadm --dd-register printed no DD ID: " + out);
    }

    /** Adds members to an existing discovery domain. */
    public void addToDomain(long ddId, String... members) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of("--dd-register", "dd-id=" + ddId));
        for (String m : members) {
            args.add("dd-member-name=" + m);
        }
        isnsadm("iqn.2026-01.io.lunbridge:admin", args.toArray(new String[0]));
    }

    /** What isnsd shows client {@code sourceName} of the iSCSI nodes in its discovery domains. */
    public String nodesVisibleTo(String sourceName) throws IOException, InterruptedException {
        return isnsadm(sourceName, "--query", "iscsi-name");
    }

    private static String run(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException(String.join(" ", cmd) + ": still running after 30 s");
        }
        if (p.exitValue() != 0) {
            throw new IOException(String.join(" ", cmd) + ": exit " + p.exitValue() + ": " + out);
        }
        return out;
    }

    @Override
    public void close() throws IOException, InterruptedException {
        List<String> problems = new ArrayList<>();
        if (isnsd != null && isnsd.isAlive()) {
            isnsd.destroy();
            if (!isnsd.waitFor(5, TimeUnit.SECONDS)) {
                isnsd.destroyForcibly();
                isnsd.waitFor(5, TimeUnit.SECONDS);
            }
        }
        if (created.contains("netns")) {
            tryRun(problems, "ip", "netns", "del", NAMESPACE);
        }
        if (created.contains("link")) {
            // Deleting the namespace removes the peer and with it the host end, asynchronously: a
            // host end that disappears between our check and our delete is what we wanted.
            Process p = new ProcessBuilder("ip", "link", "show", HOST_LINK).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            if (p.waitFor() == 0) {
                List<String> linkProblems = new ArrayList<>();
                tryRun(linkProblems, "ip", "link", "del", HOST_LINK);
                linkProblems.stream().filter(m -> !m.contains("Cannot find device")).forEach(problems::add);
            }
        }
        try (Stream<Path> files = Files.walk(work)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
        if (!problems.isEmpty()) {
            throw new IOException("cleanup of " + NAMESPACE + " incomplete: " + problems);
        }
    }

    private static void tryRun(List<String> problems, String... cmd) throws InterruptedException {
        try {
            run(cmd);
        } catch (IOException e) {
            problems.add(e.getMessage());
        }
    }
}
