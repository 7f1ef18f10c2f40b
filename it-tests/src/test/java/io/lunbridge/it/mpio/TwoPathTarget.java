package io.lunbridge.it.mpio;

import io.lunbridge.it.harness.Link;
import io.lunbridge.it.harness.NetworkNamespace;
import io.lunbridge.it.harness.TargetHostExtension;
import io.lunbridge.it.harness.TgtdTarget;
import java.nio.file.Path;
import java.util.List;

/**
 * tgtd in a namespace reached through two links on two /30 subnets: target 1 with the given data
 * LUNs, open to every initiator address, one portal per link. Everything is registered with the
 * extension and cleaned up with its scope.
 *
 * @param iqn       the target's name
 * @param namespace the target's namespace
 * @param a         the first link (portal {@link #portalA()})
 * @param b         the second link (portal {@link #portalB()})
 * @param tgtd      the daemon
 */
record TwoPathTarget(String iqn, NetworkNamespace namespace, Link a, Link b, TgtdTarget tgtd) {
    static final int TID = 1;

    /** Creates the namespace, both links and tgtd with LUNs 1.. of {@code lunSizes}. */
    static TwoPathTarget create(TargetHostExtension hosts, String iqn, long... lunSizes) {
        NetworkNamespace ns = hosts.namespace();
        Link second = ns.addLink();
        TgtdTarget tgtd = hosts.tgtd(ns);
        tgtd.addTarget(TID, iqn);
        for (int i = 0; i < lunSizes.length; i++) {
            tgtd.addLun(TID, i + 1, lunSizes[i]);
        }
        tgtd.bindAll(TID);
        return new TwoPathTarget(iqn, ns, ns.link(), second, tgtd);
    }

    /**
     * Options for serve over both paths, interface-bound: {@code --portal A --portal B --iface
     * hostA --iface hostB} (each portal is routed through its own link only, so two paths), with
     * replacement timeout {@code timeout}.
     */
    MpioServe.Options bothPaths(String initiator, String timeout) {
        return new MpioServe.Options(iqn, initiator)
                .portal(portalA()).portal(portalB()).iface(a.hostInterface()).iface(b.hostInterface())
                .replacementTimeout(timeout);
    }

    /** The other link. */
    Link other(Link link) {
        return link.equals(a) ? b : a;
    }

    String portalA() {
        return a.peerAddress() + ":" + TgtdTarget.PORT;
    }

    String portalB() {
        return b.peerAddress() + ":" + TgtdTarget.PORT;
    }

    List<Link> links() {
        return List.of(a, b);
    }

    /** The export name of LUN {@code lun}. */
    String export(int lun) {
        return iqn + "/lun" + lun;
    }

    Path backing(int lun) {
        return tgtd.lunBackingFile(TID, lun);
    }

    /** The link whose portal is {@code portal} ({@code ADDR:PORT} or {@code ADDR}). */
    Link linkOf(String portal) {
        String address = portal.contains(":") ? portal.substring(0, portal.lastIndexOf(':')) : portal;
        return links().stream().filter(l -> l.peerAddress().equals(address)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no link to portal " + portal + " in " + links()));
    }
}
