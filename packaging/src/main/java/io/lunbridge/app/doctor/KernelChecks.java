package io.lunbridge.app.doctor;

import java.util.List;
import java.util.Optional;

/** The kernel pieces attach needs: the nbd driver and its netlink family, or FUSE and loop devices. */
final class KernelChecks {
    private final Host host;

    KernelChecks(Host host) {
        this.host = host;
    }

    boolean nbdLoaded() {
        return host.exists("/sys/module/nbd");
    }

    /** The kernel release (uname -r), from /proc. */
    Optional<String> release() {
        return host.read("/proc/sys/kernel/osrelease");
    }

    /** Whether modprobe could load nbd: the running kernel's modules.dep (or modules.builtin) names it. */
    boolean nbdAvailable() {
        Optional<String> release = release();
        if (release.isEmpty()) {
            return false;
        }
        String dir = "/lib/modules/" + release.get() + "/";
        return mentionsNbd(host.read(dir + "modules.dep")) || mentionsNbd(host.read(dir + "modules.builtin"));
    }

    private static boolean mentionsNbd(Optional<String> listing) {
        return listing.map(l -> l.lines().anyMatch(line -> {
            String path = line.contains(":") ? line.substring(0, line.indexOf(':')) : line;
            String file = path.substring(path.lastIndexOf('/') + 1);
            return file.equals("nbd.ko") || file.startsWith("nbd.ko.");
        })).orElse(false);
    }

    boolean fuse() {
        return host.exists("/dev/fuse");
    }

    boolean loopControl() {
        return host.exists("/dev/loop-control");
    }

    List<Finding> findings() {
        String release = release().orElse("unknown");
        Finding nbd;
        if (nbdLoaded()) {
            nbd = Finding.ok("nbd module", "loaded");
        } else if (nbdAvailable()) {
            nbd = Finding.warn("nbd module", "available for kernel " + release + " but not loaded",
                    "modprobe nbd (and add nbd to /etc/modules-load.d/lunbridge.conf to load it at boot)");
        } else {
            nbd = Finding.warn("nbd module", "not in kernel " + release + " (no nbd.ko in /lib/modules/" + release
                    + "); attach will use FUSE + loop instead",
                    "install a kernel with CONFIG_BLK_DEV_NBD for /dev/nbdN devices, or keep FUSE + loop");
        }
        Finding genl = host.nbdNetlinkFamily().getAsBoolean()
                ? Finding.ok("nbd netlink", "the kernel answers for the generic netlink family 'nbd'")
                : nbdLoaded()
                        ? Finding.warn("nbd netlink", "nbd is loaded but its generic netlink family is missing"
                                + " (kernel older than 4.12); attach will use the ioctl interface",
                                "use a kernel >= 4.12 for netlink attach (ioctl works meanwhile)")
                        : Finding.warn("nbd netlink", "no generic netlink family 'nbd' (the nbd driver is not loaded)",
                                nbdAvailable() ? "modprobe nbd" : "none needed while FUSE + loop is used");
        Finding fuse = fuse() ? Finding.ok("/dev/fuse", "present")
                : Finding.warn("/dev/fuse", "missing: the FUSE + loop fallback cannot work",
                        "modprobe fuse (package fuse3)");
        Finding loop = loopControl() ? Finding.ok("/dev/loop-control", "present")
                : Finding.warn("/dev/loop-control", "missing: the FUSE + loop fallback cannot work", "modprobe loop");
        return List.of(nbd, genl, fuse, loop, fuseRequestTimeout());
    }

    /** The kernel's FUSE request timeout ({@link FuseRequestTimeout}). */
    Finding fuseRequestTimeout() {
        FuseRequestTimeout t = FuseRequestTimeout.of(host);
        if (t.effective().isEmpty()) {
            return Finding.ok("FUSE request timeout", "none: with no path left a FUSE + loop request waits as long"
                    + " as mpio.replacement-timeout lets it (fs.fuse.default_request_timeout and max_request_timeout"
                    + " are 0 or absent)");
        }
        return Finding.warn("FUSE request timeout", t.consequence(), FuseRequestTimeout.fix());
    }
}
