package io.lunbridge.bridge.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The parts of kernel attach that need no nbd driver: the real generic netlink controller of the
 * running kernel, libc socketpair, device path parsing and the /sys and /dev view on a fake tree.
 */
class KernelPlumbingTest {
    @TempDir
    Path tmp;

    @Test
    void resolvesTheControllerFamilyAndReportsAnUnknownOneAsAbsent() throws IOException {
        try (GenlSocket s = GenlSocket.open(Posix.load())) {
            assertEquals(Optional.of(GenlSocket.GENL_ID_CTRL), s.familyId("nlctrl"));
            assertEquals(Optional.empty(), s.familyId("lunbridge-none"));
        }
    }

    @Test
    void kernelErrorsArriveAsErrno() throws IOException {
        try (GenlSocket s = GenlSocket.open(Posix.load())) {
            // the controller has no command 200: the kernel answers EOPNOTSUPP
            ErrnoException e = assertThrows(ErrnoException.class,
                    () -> s.request(GenlSocket.GENL_ID_CTRL, 200, 2, java.util.List.of(), "CTRL command 200"));
            assertEquals(Errno.EOPNOTSUPP, e.errno());
            assertEquals("netlink CTRL command 200 failed: EOPNOTSUPP", e.getMessage());
        }
    }

    @Test
    void socketPairCarriesBytesBothWays() throws IOException {
        Posix posix = Posix.load();
        int[] fds = posix.unixStreamPair();
        try {
            posix.send(fds[0], new byte[] {1, 2, 3}, "pair");
            byte[] got = new byte[8];
            assertEquals(3, posix.recv(fds[1], got, "pair"));
            assertEquals(3, got[2]);
            posix.setNonBlocking(fds[1]);
            ErrnoException e = assertThrows(ErrnoException.class, () -> posix.recv(fds[1], got, "empty pair"));
            assertEquals(Errno.EAGAIN, e.errno());
        } finally {
            posix.close(fds[0]);
            posix.close(fds[1]);
        }
    }

    @Test
    void devicePaths() {
        assertEquals(0, NbdSysfs.parseDevice("/dev/nbd0"));
        assertEquals(15, NbdSysfs.parseDevice("/dev/nbd15"));
        assertEquals("'/dev/sda' is not an nbd device path (expected /dev/nbdN)",
                assertThrows(IllegalArgumentException.class, () -> NbdSysfs.parseDevice("/dev/sda")).getMessage());
        assertEquals("'nbd0' is not an nbd device path (expected /dev/nbdN)",
                assertThrows(IllegalArgumentException.class, () -> NbdSysfs.parseDevice("nbd0")).getMessage());
        assertEquals("'/dev/nbd1234567' is not an nbd device path (expected /dev/nbdN)",
                assertThrows(IllegalArgumentException.class, () -> NbdSysfs.parseDevice("/dev/nbd1234567")).getMessage());
    }

    @Test
    void attachModes() {
        assertEquals(AttachMode.NETLINK, AttachMode.parse("netlink"));
        assertEquals(AttachMode.IOCTL, AttachMode.parse("IOCTL"));
        assertEquals("--mode 'fuse': expected netlink, ioctl or auto",
                assertThrows(IllegalArgumentException.class, () -> AttachMode.parse("fuse")).getMessage());
    }

    private NbdSysfs fakeTree() throws IOException {
        for (int i = 0; i < 3; i++) {
            Path d = tmp.resolve("sys/nbd" + i);
            Files.createDirectories(d.resolve("queue"));
            Files.writeString(d.resolve("size"), i == 0 ? "131072\n" : "0\n");
            Files.writeString(d.resolve("queue/max_sectors_kb"), "1280\n");
            Files.createDirectories(tmp.resolve("dev"));
            Files.createFile(tmp.resolve("dev/nbd" + i));
        }
        Files.writeString(tmp.resolve("sys/nbd1/pid"), "42\n");
        Files.createDirectories(tmp.resolve("sys/sda"));
        return new NbdSysfs(tmp.resolve("sys"), tmp.resolve("dev"));
    }

    @Test
    void firstFreeSkipsDevicesWithASizeOrAServer() throws IOException {
        NbdSysfs s = fakeTree();
        assertTrue(s.inUse(0));
        assertTrue(s.inUse(1));
        assertFalse(s.inUse(2));
        assertEquals(OptionalInt.of(2), s.firstFree());
        Files.writeString(tmp.resolve("sys/nbd2/size"), "8\n");
        assertEquals(OptionalInt.empty(), s.firstFree());
    }

    @Test
    void requestSizeIsCappedOnlyWhenLarger() throws IOException {
        NbdSysfs s = fakeTree();
        assertEquals(Optional.of(256), s.capRequestSize(0, 256 * 1024));
        assertEquals("256", Files.readString(tmp.resolve("sys/nbd0/queue/max_sectors_kb")));
        assertEquals(Optional.empty(), s.capRequestSize(0, 32 << 20));
        Files.writeString(tmp.resolve("sys/nbd1/queue/max_sectors_kb"), "lots\n");
        IOException e = assertThrows(IOException.class, () -> s.capRequestSize(1, 4096));
        assertEquals(tmp.resolve("sys/nbd1/queue/max_sectors_kb") + ": not a number: 'lots'", e.getMessage());
    }

    @Test
    void ioctlModeWithoutTheDriverSaysSo() {
        NbdSysfs empty = new NbdSysfs(tmp.resolve("nosys"), tmp.resolve("nodev"));
        IOException e = assertThrows(IOException.class,
                () -> KernelAttacher.driver(AttachMode.IOCTL, Posix.load(), empty));
        assertEquals("--mode ioctl: no /dev/nbd0: the kernel nbd driver is absent (modprobe nbd)", e.getMessage());
    }
}
