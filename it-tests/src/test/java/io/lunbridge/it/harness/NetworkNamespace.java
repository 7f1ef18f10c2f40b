package io.lunbridge.it.harness;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * A Linux network namespace joined to the root namespace by one or more veth pairs ({@link Link}s),
 * for running one iSCSI target (or other peer) in isolation; {@link #addLink()} adds a second path
 * to the same namespace on its own subnet (multipath tests).
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
 * Every link claims its own slot the same way. Creating the veth pair in the root namespace is the
 * atomic claim of a slot: the kernel refuses
 * an existing name with EEXIST, and the allocator then moves to the next slot. Slots whose subnet
 * overlaps an address already configured on any root-namespace interface are skipped, and so are
 * slots whose namespace name already exists (EEXIST from {@code ip netns add}); an existing
 * namespace is never reused or deleted.
 *
 * <p>Needs root. {@link #close()} deletes every veth and the namespace and is idempotent.
 */
public final class NetworkNamespace implements AutoCloseable {

    /** The pool test subnets are taken from. */
    public static final Ipv4Network POOL = Ipv4Network.parse("198.18.128.0/17");

    private static final Logger LOG = LogManager.getLogger(NetworkNamespace.class);
    private static final int SLOT_PREFIX = 30;
    private static final int SLOTS = 1 << (SLOT_PREFIX - POOL.prefix());
    private static final String PREFIX = "lbit";
    private static final Pattern NAME = Pattern.compile("^" + PREFIX + "-(\\d+)-(\\d+)\\b");
    private static final Duration TIMEOUT = ProcessRunner.DEFAULT_TIMEOUT;

    private final String name;
    private final List<Link> links = new CopyOnWriteArrayList<>();
    private final AtomicBoolean closed = new AtomicBoolean();

    private NetworkNamespace(String name, Link first) {
        this.name = name;
        this.links.add(first);
    }

    /**
     * Creates a namespace with a fresh slot (see the class comment).
     *
     * @throws HarnessException when no slot is free or a setup command fails (everything created
     *                          so far is removed again)
     */
    public static NetworkNamespace create() {
        long pid = ProcessHandle.current().pid();
        int next = firstSlot(pid);
        for (int attempt = 0; attempt < SLOTS; attempt++) {
            Link link = claimLink(next);
            String name = PREFIX + "-" + pid + "-" + link.slot();
            ProcessResult netns = ProcessRunner.runAllowingFailure(Command.of("ip", "netns", "add", name), TIMEOUT);
            if (!netns.succeeded()) {
                ProcessRunner.runAllowingFailure(Command.of("ip", "link", "del", link.hostInterface()), TIMEOUT);
                if (netns.stderr().contains("File exists")) {
                    next = (link.slot() + 1) % SLOTS;
                    continue; // a namespace of that name exists (not ours): never touch it
                }
                throw new HarnessException("cannot create network namespace " + name + ": " + netns.describe());
            }
            NetworkNamespace ns = new NetworkNamespace(name, link);
            try {
                ns.exec("ip", "link", "set", "lo", "up");
                ns.configure(link);
            } catch (RuntimeException e) {
                try {
                    ns.close();
                } catch (RuntimeException cleanup) {
                    e.addSuppressed(cleanup);
                }
                throw e;
            }
            LOG.info("created network namespace {} ({})", ns.name, link);
            return ns;
        }
        throw noFreeSlot();
    }

    /**
     * Joins this namespace to the root namespace by one more veth pair on a fresh /30 (a second
     * path to the same target for multipath tests). The link is deleted with the namespace.
     *
     * @throws HarnessException when no slot is free or a setup command fails (the new veth is removed)
     */
    public Link addLink() {
        if (closed.get()) {
            throw new IllegalStateException("network namespace " + name + " is closed");
        }
        Link last = links.get(links.size() - 1);
        Link link = claimLink((last.slot() + 1) % SLOTS);
        links.add(link);
        try {
            configure(link);
        } catch (RuntimeException e) {
            links.remove(link);
            ProcessRunner.runAllowingFailure(Command.of("ip", "link", "del", link.hostInterface()), TIMEOUT);
            throw e;
        }
        LOG.info("added link {} to network namespace {}", link, name);
        return link;
    }

    /**
     * Joins this namespace directly to {@code other} by a veth pair on a fresh /30, with no end in
     * the root namespace (e.g. a router namespace between an initiator's namespace and the network
     * behind it). This namespace's end is the link's host end ({@code .1}, {@link Link#hostAddress()}),
     * {@code other}'s the peer end ({@code .2}). The pair is claimed in the root namespace as every
     * link is, then both ends move out; the subnet exists only inside the two namespaces, so a
     * later claim of the same slot elsewhere cannot collide with it. Deleted with either namespace.
     *
     * @throws HarnessException when no slot is free or a setup command fails (the new veth is removed)
     */
    public Link linkTo(NetworkNamespace other) {
        if (closed.get() || !other.isOpen()) {
            throw new IllegalStateException("network namespace " + name + " or " + other.name + " is closed");
        }
        Link last = links.get(links.size() - 1);
        Link claimed = claimLink((last.slot() + 1) % SLOTS);
        Link link = new Link(claimed.slot(), claimed.hostInterface(), claimed.peerInterface(), claimed.subnet(),
                Optional.of(name));
        links.add(link);
        try {
            ProcessRunner.run(Command.of("ip", "link", "set", link.hostInterface(), "netns", name), TIMEOUT);
            other.configure(link);
            exec("ip", "addr", "add", link.hostAddress() + "/" + SLOT_PREFIX, "dev", link.hostInterface());
            exec("ip", "link", "set", link.hostInterface(), "up");
        } catch (RuntimeException e) {
            links.remove(link);
            ProcessRunner.runAllowingFailure(link.atHostEnd("ip", "link", "del", link.hostInterface()), TIMEOUT);
            ProcessRunner.runAllowingFailure(Command.of("ip", "link", "del", link.hostInterface()), TIMEOUT);
            throw e;
        }
        LOG.info("linked network namespace {} to {} ({})", name, other.name, link);
        return link;
    }

    /**
     * Claims the first free slot from {@code start} on by creating its veth pair in the root
     * namespace (the kernel's EEXIST makes the claim atomic across JVMs).
     */
    private static Link claimLink(int start) {
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
            if (add.succeeded()) {
                return new Link(slot, host, peer, candidate);
            }
            if (!add.stderr().contains("File exists")) {
                throw new HarnessException("cannot create veth pair " + host + "/" + peer + ": " + add.describe());
            }
            // slot claimed by someone else (another test JVM): try the next one
        }
        throw noFreeSlot();
    }

    private static HarnessException noFreeSlot() {
        return new HarnessException("no free /30 test subnet in " + POOL + " (all " + SLOTS
                + " slots are in use or overlap configured addresses)");
    }

    /** The slot a JVM with {@code pid} tries first (spreads concurrent JVMs over the pool). */
    static int firstSlot(long pid) {
        return (int) Math.floorMod(pid * 97, (long) SLOTS);
    }

    private void configure(Link link) {
        ProcessRunner.run(Command.of("ip", "link", "set", link.peerInterface(), "netns", name), TIMEOUT);
        if (link.hostNamespace().isEmpty()) {
            ProcessRunner.run(Command.of("ip", "addr", "add", link.hostAddress() + "/" + SLOT_PREFIX, "dev",
                    link.hostInterface()), TIMEOUT);
            ProcessRunner.run(Command.of("ip", "link", "set", link.hostInterface(), "up"), TIMEOUT);
        }
        exec("ip", "addr", "add", link.peerAddress() + "/" + SLOT_PREFIX, "dev", link.peerInterface());
        exec("ip", "link", "set", link.peerInterface(), "up");
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

    /** The first link (the one the namespace was created with). */
    public Link link() {
        return links.get(0);
    }

    /** Every link of this namespace, the first one first. */
    public List<Link> links() {
        return List.copyOf(links);
    }

    /** The veth end in the root namespace (of the first link). */
    public String hostInterface() {
        return link().hostInterface();
    }

    /** The veth end inside the namespace (of the first link). */
    public String peerInterface() {
        return link().peerInterface();
    }

    /** The /30 subnet of the first link. */
    public Ipv4Network subnet() {
        return link().subnet();
    }

    /** The address of the root-namespace end of the first link (where initiators connect from). */
    public String hostAddress() {
        return link().hostAddress();
    }

    /** The address inside the namespace on the first link (where targets listen). */
    public String peerAddress() {
        return link().peerAddress();
    }

    /** True until {@link #close()} was called. */
    public boolean isOpen() {
        return !closed.get();
    }

    /** Takes the host end of the first link down (a cable pull as seen by the initiator). */
    public void linkDown() {
        link().down();
    }

    /** Brings the host end of the first link back up. */
    public void linkUp() {
        link().up();
    }

    /** True when the host end of the first link is administratively up. */
    public boolean isLinkUp() {
        return link().isUp();
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
        StringBuilder failures = new StringBuilder();
        for (Link link : links) {
            ProcessResult del = ProcessRunner.runAllowingFailure(link.atHostEnd("ip", "link", "del",
                    link.hostInterface()), TIMEOUT);
            failures.append(del.describe()).append('\n');
        }
        ProcessResult netns = ProcessRunner.runAllowingFailure(Command.of("ip", "netns", "del", name), TIMEOUT);
        if (listNamespaces().contains(name)) {
            throw new HarnessException("network namespace " + name + " still exists after close: "
                    + failures + netns.describe());
        }
        LOG.info("deleted network namespace {}", name);
    }

    @Override
    public String toString() {
        return "NetworkNamespace[" + name + " " + links + (isOpen() ? "" : " closed") + "]";
    }
}
