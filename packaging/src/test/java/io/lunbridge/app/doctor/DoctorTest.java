package io.lunbridge.app.doctor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The doctor on fake /proc, /sys, /dev and /lib/modules trees. */
class DoctorTest {
    private static final String RELEASE = "6.1.0-test-amd64";
    private static final Function<Path, String> NAMES = file -> {
        try {
            String s = Files.readString(file).trim();
            if (!s.startsWith("InitiatorName=iqn.")) {
                throw new IllegalArgumentException(file + ":1: expected 'InitiatorName=iqn...'");
            }
            return s.substring("InitiatorName=".length());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    };

    @TempDir
    Path root;

    private boolean genl;
    private int java = 17;

    void write(String absolute, String content) throws IOException {
        Path p = root.resolve(absolute.substring(1));
        Files.createDirectories(p.getParent());
        Files.writeString(p, content);
    }

    void mkdir(String absolute) throws IOException {
        Files.createDirectories(root.resolve(absolute.substring(1)));
    }

    /** A host like the development machine: no nbd, FUSE and loop present, root, one interface, big buffers. */
    @BeforeEach
    void baseHost() throws IOException {
        write("/proc/sys/kernel/osrelease", RELEASE + "\n");
        write("/lib/modules/" + RELEASE + "/modules.dep", "kernel/fs/fuse/fuse.ko:\nkernel/drivers/block/loop.ko:\n");
        write("/dev/fuse", "");
        write("/dev/loop-control", "");
        write("/proc/self/status", "Name:\tjava\nUid:\t0\t0\t0\t0\nGid:\t0\t0\t0\t0\n");
        write("/usr/sbin/lvm", "");
        iface("all", 0, 0, 0);
        iface("lo", 0, 0, 0);
        iface("eth0", 2, 0, 0);
        write("/proc/sys/net/core/rmem_max", "212992\n");
        write("/proc/sys/net/core/wmem_max", "212992\n");
        write("/proc/sys/net/ipv4/tcp_rmem", "4096\t131072\t6291456\n");
        write("/proc/sys/net/ipv4/tcp_wmem", "4096\t16384\t4194304\n");
        write("/etc/lunbridge/initiatorname", "InitiatorName=iqn.2026-12.org.example:host\n");
    }

    void iface(String name, int rpFilter, int arpIgnore, int arpAnnounce) throws IOException {
        write("/proc/sys/net/ipv4/conf/" + name + "/rp_filter", rpFilter + "\n");
        write("/proc/sys/net/ipv4/conf/" + name + "/arp_ignore", arpIgnore + "\n");
        write("/proc/sys/net/ipv4/conf/" + name + "/arp_announce", arpAnnounce + "\n");
    }

    Doctor.Report examine() {
        return new Doctor(new Host(root, () -> genl, java), root.resolve("etc/lunbridge/initiatorname"), NAMES)
                .examine();
    }

    static Finding find(Doctor.Report r, String subject) {
        return r.findings().stream().filter(f -> f.subject().equals(subject)).findFirst()
                .orElseThrow(() -> new AssertionError("no finding for " + subject + " in " + r.findings()));
    }

    @Test
    void noNbdModuleMeansFuseAndLoopAndAttachWorks() {
        Doctor.Report r = examine();
        Finding nbd = find(r, "nbd module");
        assertEquals(Finding.Status.WARN, nbd.status());
        assertTrue(nbd.detail().contains("not in kernel " + RELEASE) && nbd.detail().contains("FUSE + loop"), nbd.detail());
        assertEquals(Finding.Status.OK, find(r, "/dev/fuse").status());
        Finding verdict = find(r, "attach");
        assertEquals(Finding.Status.OK, verdict.status());
        assertTrue(verdict.detail().contains("FUSE + loop"), verdict.detail());
        assertTrue(r.attachPossible());
        assertEquals(Finding.Status.OK, find(r, "receive buffers").status(), "tcp_rmem max 6 MiB is enough");
    }

    @Test
    void loadedNbdWithNetlinkIsAllOk() throws IOException {
        mkdir("/sys/module/nbd");
        genl = true;
        Doctor.Report r = examine();
        assertEquals(Finding.Status.OK, find(r, "nbd module").status());
        assertEquals(Finding.Status.OK, find(r, "nbd netlink").status());
        assertTrue(find(r, "attach").detail().contains("/dev/nbdN"));
        assertTrue(r.findings().stream().allMatch(f -> f.status() == Finding.Status.OK), r.findings().toString());
    }

    @Test
    void availableButNotLoadedSaysModprobe() throws IOException {
        write("/lib/modules/" + RELEASE + "/modules.dep", "kernel/drivers/block/nbd.ko.xz:\n");
        Doctor.Report r = examine();
        Finding nbd = find(r, "nbd module");
        assertEquals(Finding.Status.WARN, nbd.status());
        assertTrue(nbd.fix().orElseThrow().startsWith("modprobe nbd"), nbd.line());
        assertTrue(find(r, "attach").detail().contains("after 'modprobe nbd'"));
    }

    @Test
    void builtinNbdCountsAsAvailable() throws IOException {
        write("/lib/modules/" + RELEASE + "/modules.builtin", "kernel/drivers/block/nbd.ko\n");
        assertTrue(find(examine(), "nbd module").detail().contains("available"));
    }

    @Test
    void nbdLoadedWithoutNetlinkFallsBackToIoctl() throws IOException {
        mkdir("/sys/module/nbd");
        Finding f = find(examine(), "nbd netlink");
        assertEquals(Finding.Status.WARN, f.status());
        assertTrue(f.detail().contains("ioctl"), f.detail());
    }

    @Test
    void neitherNbdNorFuseMeansAttachCannotWork() throws IOException {
        Files.delete(root.resolve("dev/fuse"));
        Doctor.Report r = examine();
        assertFalse(r.attachPossible());
        Finding verdict = find(r, "attach");
        assertEquals(Finding.Status.FAIL, verdict.status());
        assertTrue(verdict.detail().contains("the nbd driver or /dev/fuse"), verdict.detail());
        assertEquals(Finding.Status.WARN, find(r, "/dev/fuse").status());
    }

    @Test
    void nbdAvailableButNoFallbackNeedsModprobe() throws IOException {
        Files.delete(root.resolve("dev/loop-control"));
        write("/lib/modules/" + RELEASE + "/modules.dep", "kernel/drivers/block/nbd.ko:\n");
        Doctor.Report r = examine();
        assertFalse(r.attachPossible());
        assertEquals("modprobe nbd", find(r, "attach").fix().orElseThrow());
    }

    @Test
    void noFuseRequestTimeoutIsOkAndOneShorterThanTheQueueingIsWarnedWithItsFix() throws IOException {
        assertEquals(Finding.Status.OK, find(examine(), "FUSE request timeout").status(), "kernel without the sysctls");
        write("/proc/sys/fs/fuse/default_request_timeout", "0\n");
        write("/proc/sys/fs/fuse/max_request_timeout", "0\n");
        assertEquals(Finding.Status.OK, find(examine(), "FUSE request timeout").status());

        write("/proc/sys/fs/fuse/default_request_timeout", "90\n");
        Finding f = find(examine(), "FUSE request timeout");
        assertEquals(Finding.Status.WARN, f.status());
        assertTrue(f.detail().startsWith("the kernel aborts the FUSE connection when a request waits more than 90 s"
                + " (fs.fuse.default_request_timeout=90, max_request_timeout=0)"), f.detail());
        assertTrue(f.fix().orElseThrow().startsWith("sysctl -w fs.fuse.default_request_timeout=0"), f.line());

        write("/proc/sys/fs/fuse/max_request_timeout", "60\n");
        assertTrue(find(examine(), "FUSE request timeout").detail().contains("more than 60 s"), "the max caps it");
        write("/proc/sys/fs/fuse/default_request_timeout", "0\n");
        assertTrue(find(examine(), "FUSE request timeout").detail().contains("more than 60 s"), "the max alone");
        assertTrue(examine().attachPossible(), "a warning");
    }

    @Test
    void notRootFails() throws IOException {
        write("/proc/self/status", "Name:\tjava\nUid:\t1000\t1000\t1000\t1000\n");
        Doctor.Report r = examine();
        Finding perms = find(r, "permissions");
        assertEquals(Finding.Status.FAIL, perms.status());
        assertTrue(perms.detail().contains("uid 1000"), perms.detail());
        assertFalse(r.attachPossible());
        assertTrue(find(r, "attach").detail().contains("root"));
    }

    @Test
    void oldJavaFails() {
        java = 11;
        Doctor.Report r = examine();
        assertEquals(Finding.Status.FAIL, find(r, "Java runtime").status());
        assertFalse(r.attachPossible());
    }

    @Test
    void strictRpFilterOnTwoInterfacesIsNamedWithItsFix() throws IOException {
        iface("eth1", 1, 1, 2);
        iface("eth0", 0, 1, 2);
        Doctor.Report r = examine();
        Finding rp = find(r, "rp_filter");
        assertEquals(Finding.Status.WARN, rp.status());
        assertTrue(rp.detail().startsWith("eth1=1:"), rp.detail());
        assertTrue(rp.fix().orElseThrow().contains("net.ipv4.conf.eth1.rp_filter=2"), rp.line());
        assertFalse(rp.detail().contains("eth0"), rp.detail());
        assertEquals(Finding.Status.OK, find(r, "arp_ignore").status());
        assertEquals(Finding.Status.OK, find(r, "arp_announce").status());
        assertTrue(r.attachPossible(), "interface settings are warnings");
    }

    @Test
    void confAllRaisesEveryInterface() throws IOException {
        iface("eth1", 0, 1, 2);
        iface("eth0", 0, 1, 2);
        iface("all", 1, 0, 0);
        Finding rp = find(examine(), "rp_filter");
        assertTrue(rp.detail().startsWith("eth0=1, eth1=1:"), rp.detail());
    }

    @Test
    void arpFluxOnTwoInterfaces() throws IOException {
        iface("eth1", 2, 0, 0);
        Doctor.Report r = examine();
        assertEquals(Finding.Status.WARN, find(r, "arp_ignore").status());
        assertTrue(find(r, "arp_announce").fix().orElseThrow().contains("net.ipv4.conf.eth1.arp_announce=2"));
    }

    @Test
    void oneInterfaceNeedsNoArpSettings() {
        Finding f = find(examine(), "interfaces");
        assertEquals(Finding.Status.OK, f.status());
        assertTrue(f.detail().contains("eth0"));
    }

    @Test
    void smallBuffersAreNamedWithTheSysctl() throws IOException {
        write("/proc/sys/net/ipv4/tcp_wmem", "4096\t16384\t1048576\n");
        Finding f = find(examine(), "send buffers");
        assertEquals(Finding.Status.WARN, f.status());
        assertTrue(f.detail().contains("net.core.wmem_max=212992") && f.detail().contains("max=1048576"), f.detail());
        assertTrue(f.fix().orElseThrow().contains("net.core.wmem_max=16777216"), f.line());
    }

    @Test
    void malformedTcpRmemIsNotReadAsFine() throws IOException {
        write("/proc/sys/net/ipv4/tcp_rmem", "4096 lots\n");
        Finding f = find(examine(), "receive buffers");
        assertEquals(Finding.Status.WARN, f.status());
        assertTrue(f.detail().contains("/proc/sys/net/ipv4/tcp_rmem"), f.detail());
    }

    @Test
    void missingInitiatorNameIsAWarningWithTheCommand() throws IOException {
        Files.delete(root.resolve("etc/lunbridge/initiatorname"));
        Finding f = find(examine(), "initiator name");
        assertEquals(Finding.Status.WARN, f.status());
        assertEquals("lunbridge initiator-name (generates and keeps it)", f.fix().orElseThrow());
    }

    @Test
    void badInitiatorNameFailsNamingTheFileAndLine() throws IOException {
        write("/etc/lunbridge/initiatorname", "iqn.without.key\n");
        Finding f = find(examine(), "initiator name");
        assertEquals(Finding.Status.FAIL, f.status());
        assertTrue(f.detail().contains("initiatorname:1:"), f.detail());
    }

    @Test
    void missingLvmIsAWarning() throws IOException {
        Files.delete(root.resolve("usr/sbin/lvm"));
        Finding f = find(examine(), "LVM tools");
        assertEquals(Finding.Status.WARN, f.status());
        assertEquals("apt install lvm2", f.fix().orElseThrow());
    }

    @Test
    void aProblemWithoutAFixIsRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> new Finding(Finding.Status.WARN, "x", "y", Optional.empty()));
    }
}
