package io.lunbridge.it.harness;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One veth pair between the root namespace and a {@link NetworkNamespace}, on its own /30 subnet
 * of {@link NetworkNamespace#POOL}: the host end ({@code lbit<slot>h}, address {@code .1}) stays in
 * the root namespace, the peer end ({@code lbit<slot>p}, {@code .2}) lives in the namespace.
 *
 * <p>{@link #down()} and {@link #up()} act on the host end, as a cable pull seen by the initiator:
 * the connected route to the subnet disappears with it, so a socket bound to this link can reach
 * nothing while it is down. The namespace that claimed the link deletes it on close.
 *
 * <p>A link between two namespaces ({@link NetworkNamespace#linkTo}) has its "host" end in the
 * namespace that made it, named by {@code hostNamespace}; everything above then acts there.
 *
 * @param slot          the pool slot this link claimed (see {@link NetworkNamespace})
 * @param hostInterface the veth end in the root namespace (or in {@code hostNamespace})
 * @param peerInterface the veth end inside the namespace
 * @param subnet        the /30 of this link
 * @param hostNamespace the namespace of the host end; empty for the root namespace
 */
public record Link(int slot, String hostInterface, String peerInterface, Ipv4Network subnet,
        Optional<String> hostNamespace) {

    /** A link whose host end is in the root namespace. */
    public Link(int slot, String hostInterface, String peerInterface, Ipv4Network subnet) {
        this(slot, hostInterface, peerInterface, subnet, Optional.empty());
    }

    private static final Pattern LINK_UP = Pattern.compile("<([^>]*,)?UP(,[^>]*)?>");
    private static final Duration TIMEOUT = ProcessRunner.DEFAULT_TIMEOUT;

    /** The address of the root-namespace end (where initiators connect from). */
    public String hostAddress() {
        return subnet.hostAt(1);
    }

    /** The address inside the namespace (where targets listen). */
    public String peerAddress() {
        return subnet.hostAt(2);
    }

    /** Takes the host end of the link down. */
    public void down() {
        ProcessRunner.run(atHostEnd("ip", "link", "set", hostInterface, "down"), TIMEOUT);
    }

    /** Brings the host end of the link back up. */
    public void up() {
        ProcessRunner.run(atHostEnd("ip", "link", "set", hostInterface, "up"), TIMEOUT);
    }

    /** True when the host end is administratively up. */
    public boolean isUp() {
        String out = ProcessRunner.run(atHostEnd("ip", "-o", "link", "show", "dev", hostInterface), TIMEOUT).stdout();
        return LINK_UP.matcher(out).find();
    }

    /** {@code argv} run where the host end is (the root namespace or {@code hostNamespace}). */
    Command atHostEnd(String... argv) {
        Command c = Command.of(argv);
        return hostNamespace.map(c::inNamespace).orElse(c);
    }

    @Override
    public String toString() {
        return hostNamespace.map(ns -> ns + ":").orElse("") + hostInterface + "=" + hostAddress() + " <-> "
                + peerInterface + "=" + peerAddress();
    }
}
