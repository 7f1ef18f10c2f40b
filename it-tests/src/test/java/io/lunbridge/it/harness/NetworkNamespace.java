package io.lunbridge.it.harness;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * A Linux network namespace joined to the root namespace by a veth pair, for running one iSCSI
 * target (or other peer) in isolation.
 *
 * <p>Why: each test needs its own target address and port 3260, link faults it can inject
 * ({@link #linkDown()}), and nothing that collides with other test JVMs running at the same time
 * on the machine. Allocation works on a slot index {@code i} in {@code [0, 8192)}:
 * <ul>
 *   <li>subnet {@code 198.18.128.0/17} cut into /30s; slot {@code i} gets
 *       {@code 198.18.128.0 + 4i}, host end {@code .1}, namespace end {@code .2};</li>
 *   <li>veth names {@code lbit<i>h} (host) and {@code lbit<i>p} (peer), at most 9 characters;</li>
 *   <li>namespace name {@code lbit-<pid>-<i>}, so a namespace left by a crashed JVM can be
 *       recognised ({@link #sweepStale()}).</li>
 * </ul>
 * Creating the veth pair in the root namespace is the atomic claim of a slot: the kernel refuses
 * an existing name with EEXIST, and the allocator then moves to the next slot. Slots whose subnet
 * overlaps an address already configured on any root-namespace interface are skipped, and so are
 * slots whose namespace name already exists (EEXIST from {@code ip netns add}); an existing
 * namespace is never reused or deleted.
 *
 * <p>Needs root. {@link #close()} deletes the veth and the namespace and is idempotent.
 */
public final class NetworkNamespace implements AutoCloseable {

    /** The pool test subnets are taken from. */
    public static final Ipv4Network POOL = Ipv4Network.parse("198.18.128.0/17");

    private static final Logger LOG = LogManager.getLogger(NetworkNamespace.class);
    private static final int SLOT_PREFIX = 30;
    private static final int SLOTS = 1 << (SLOT_PREFIX - POOL.prefix());
    private static final String PREFIX = "lbit";
    private static final Pattern NAME = Pattern.compile("^" + PREFIX + "-(\\d+)-(\\d+)\\b");
    private static final Pattern LINK_UP = Pattern.compile("<([^>]*,)?UP(,[^>]*)?>");
    private static final Duration TIMEOUT = ProcessRunner.DEFAULT_TIMEOUT;

    private final String name;
    private final String hostInterface;
    private final String peerInterface;
    private final Ipv4Network subnet;
    private final AtomicBoolean closed = new AtomicBoolean();

    private NetworkNamespace(String name, String hostInterface, String peerInterface, Ipv4Network subnet) {
        this.name = name;
        this.hostInterface = hostInterface;
        this.peerInterface = peerInterface;
        this.subnet = subnet;
    }

    /**
     * Creates a namespace with a fresh slot (see the class comment).
     *
     * @throws HarnessException when no slot is free or a setup command fails (everything created
     *                          so far is removed again)
     */
    public static NetworkNamespace create() {
        long pid = ProcessHandle.current().pid();
        int start = firstSlot(pid);
        List<Ipv4Network> configured = configuredNetworks();
        for (int attempt = 0; attempt < SLOTS; attempt++) {
            int slot = (start + attempt) % SLOTS;
            Ipv4Network candidate = new Ipv4Network(POOL.base() + slot * 4, SLOT_PREFIX);
            if (configured.stream().anyMatch(candidate::overlaps)) {
                continue;
            }
            String host = PREFIX + slot + "h";
            String peer = PREFIX + slot + "p";
            ProcessResult add = ProcessRunner.runAllowingFailure(
                    Command.of("ip", "link", "add", host, "type", "veth", "peer", "name", peer), TIMEOUT);
            if (!add.succeeded()) {
                if (add.stderr().contains("File exists")) {
                    continue; // slot claimed by someone else (another test JVM)
                }
                throw new HarnessException("cannot create veth pair " + host + "/" + peer + ": " + add.describe());
            }
            String name = PREFIX + "-" + pid + "-" + slot;
            ProcessResult netns = ProcessRunner.runAllowingFailure(Command.of("ip", "netns", "add", name), TIMEOUT);
            if (!netns.succeeded()) {
                ProcessRunner.runAllowingFailure(Command.of("ip", "link", "del", host), TIMEOUT);
                if (netns.stderr().contains("File exists")) {
                    continue; // a namespace of that name exists (not ours): never touch it
                }
                throw new HarnessException("cannot create network namespace " + name + ": " + netns.describe());
            }
            NetworkNamespace ns = new NetworkNamespace(name, host, peer, candidate);
            try {
                ns.configure();
            } catch (RuntimeException e) {
                try {
                    ns.close();
                } catch (RuntimeException cleanup) {
                    e.addSuppressed(cleanup);
                }
                throw e;
            }
            LOG.info("created network namespace {} ({} {} <-> {} {})", ns.name, host, ns.hostAddress(),
                    peer, ns.peerAddress());
            return ns;
        }
        throw new HarnessException("no free /30 test subnet in " + POOL + " (all " + SLOTS
                + " slots are in use or overlap configured addresses)");
    }

    /** The slot a JVM with {@code pid} tries first (spreads concurrent JVMs over the pool). */
    static int firstSlot(long pid) {
        return (int) Math.floorMod(pid * 97, (long) SLOTS);
    }

    private void configure() {
        ProcessRunner.run(Command.of("ip", "link", "set", peerInterface, "netns", name), TIMEOUT);
        ProcessRunner.run(Command.of("ip", "addr", "add", hostAddress() + "/" + SLOT_PREFIX, "dev", hostInterface),
                TIMEOUT);
        ProcessRunner.run(Command.of("ip", "link", "set", hostInterface, "up"), TIMEOUT);
        exec("ip", "addr", "add", peerAddress() + "/" + SLOT_PREFIX, "dev", peerInterface);
        exec("ip", "link", "set", peerInterface, "up");
        exec("ip", "link", "set", "lo", "up");
    }

    /** IPv4 networks configured on any interface of the root namespace. */
    static List<Ipv4Network> configuredNetworks() {
        return Ipv4Network.parseIpAddrOutput(ProcessRunner.run("ip", "-4", "-o", "addr").stdout());
    }

    /** Names of all network namespaces on the machine ({@code ip netns list}). */
    public static List<String> listNamespaces() {
        List<String> names = new ArrayList<>();
        for (String line : ProcessRunner.run("ip", "netns", "list").stdout().split("\n")) {
            String trimmed = line.trim();
            if (!trimmed.isEmpty()) {
                names.add(trimmed.split("\\s+")[0]);
            }
        }
        return names;
    }

    /**
     * Removes namespaces named {@code lbit-<pid>-<slot>} whose creating JVM ({@code pid}) no longer
     * exists, after SIGKILLing the processes still running inside them ({@code ip netns pids}).
     * Namespaces of live JVMs are never touched. Returns the names removed.
     */
    public static List<String> sweepStale() {
        List<String> removed = new ArrayList<>();
        for (String ns : listNamespaces()) {
            Matcher m = NAME.matcher(ns);
            if (!m.find()) {
                continue;
            }
            long owner = Long.parseLong(m.group(1));
            Optional<ProcessHandle> handle = ProcessHandle.of(owner);
            if (handle.isPresent() && handle.get().isAlive()) {
                continue;
            }
            for (String pid : ProcessRunner.run("ip", "netns", "pids", ns).stdout().split("\\s+")) {
                if (!pid.isBlank()) {
                    ProcessHandle.of(Long.parseLong(pid.trim())).ifPresent(ProcessHandle::destroyForcibly);
                }
            }
            // deleting the namespace destroys the peer veth and with it the host end; the host
            // end is not deleted by name, because its slot may already be reused by a live JVM
            ProcessRunner.runAllowingFailure(Command.of("ip", "netns", "del", ns), TIMEOUT);
            LOG.warn("removed stale network namespace {} of dead JVM {}", ns, owner);
            removed.add(ns);
        }
        return removed;
    }

    /** The namespace name ({@code ip netns} name). */
    public String name() {
        return name;
    }

    /** The veth end in the root namespace. */
    public String hostInterface() {
        return hostInterface;
    }

    /** The veth end inside the namespace. */
    public String peerInterface() {
        return peerInterface;
    }

    /** The /30 subnet of this namespace's link. */
    public Ipv4Network subnet() {
        return subnet;
    }

    /** The address of the root-namespace end (where initiators connect from). */
    public String hostAddress() {
        return subnet.hostAt(1);
    }

    /** The address inside the namespace (where targets listen). */
    public String peerAddress() {
        return subnet.hostAt(2);
    }

    /** True until {@link #close()} was called. */
    public boolean isOpen() {
        return !closed.get();
    }

    /** Takes the host end of the link down (a cable pull as seen by the initiator). */
    public void linkDown() {
        ProcessRunner.run(Command.of("ip", "link", "set", hostInterface, "down"), TIMEOUT);
    }

    /** Brings the host end of the link back up. */
    public void linkUp() {
        ProcessRunner.run(Command.of("ip", "link", "set", hostInterface, "up"), TIMEOUT);
    }

    /** True when the host end is administratively up. */
    public boolean isLinkUp() {
        String out = ProcessRunner.run("ip", "-o", "link", "show", "dev", hostInterface).stdout();
        return LINK_UP.matcher(out).find();
    }

    /** Runs a command inside the namespace with the default timeout; throws on non-zero exit. */
    public ProcessResult exec(String... argv) {
        return ProcessRunner.run(command(argv), TIMEOUT);
    }

    /** Runs a command inside the namespace; returns the result whatever the exit code. */
    public ProcessResult execAllowingFailure(Duration timeout, String... argv) {
        return ProcessRunner.runAllowingFailure(command(argv), timeout);
    }

    /** A command that runs {@code argv} inside this namespace (for long-running processes). */
    public Command command(String... argv) {
        return Command.of(argv).inNamespace(name);
    }

    /** Wraps an arbitrary command (possibly with secrets and environment) to run in this namespace. */
    public Command command(Command command) {
        return command.inNamespace(name);
    }

    /**
     * Deletes the veth pair and the namespace. Idempotent; throws if the namespace is still listed
     * afterwards.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        ProcessResult link = ProcessRunner.runAllowingFailure(Command.of("ip", "link", "del", hostInterface), TIMEOUT);
        ProcessResult netns = ProcessRunner.runAllowingFailure(Command.of("ip", "netns", "del", name), TIMEOUT);
        if (listNamespaces().contains(name)) {
            throw new HarnessException("network namespace " + name + " still exists after close: "
                    + link.describe() + "\n" + netns.describe());
        }
        LOG.info("deleted network namespace {}", name);
    }

    @Override
    public String toString() {
        return "NetworkNamespace[" + name + " " + hostInterface + "=" + hostAddress() + " "
                + peerInterface + "=" + peerAddress() + (isOpen() ? "" : " closed") + "]";
    }
}
