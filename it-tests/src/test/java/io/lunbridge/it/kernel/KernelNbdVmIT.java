package io.lunbridge.it.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Kernel attach end to end, in a qemu guest running Debian 12's stock kernel with nbd.ko (this
 * host's kernel has no nbd driver): {@code it-tests/vm/kernel-attach-guest.sh} runs in the guest,
 * starts tgtd in a network namespace behind a veth pair, and for netlink and then the ioctl
 * interface runs the project's jar: attach, mkfs.ext4, mount, write, sync, detach and a second
 * attach refused while mounted, umount, fsck.ext4 -fn, detach (the detach verb), a second attach
 * that reads the data back, SIGTERM that keeps serving until the umount; for netlink also a forced
 * detach of a mounted device and the cleanup after a SIGKILLed attach. LVM on the device (issue 14):
 * with an LV mounted, and then only active, detach is refused naming the device-mapper holder (and
 * the mount point), after vgchange -an it detaches. The kernel's dead-connection timeout (issue 8
 * item 8): the attach line shows the one derived from the replacement timeout, and after a SIGKILL
 * of attach a read waits in the nbd driver, the stale cleanup names the waiting reader, and the read
 * fails with EIO when the window ends. Then multipath: attach over
 * two interface-bound paths (two veth pairs), mkfs, mount, write, the active link taken down during
 * the writes, fsck.ext4 -fn clean and the files read back.
 *
 * <p>One VM boot for both modes (TCG emulation is slow). The daemon restart that keeps /dev/nbdN
 * (issue 10 item 4) is shown in the systemd guest's boot ({@link SystemdBootVmIT}). The verdict is
 * the script's exit status, written by the guest to the shared run directory with its log; on
 * failure the test shows the log's tail and the console's ({@link GuestVm}).
 */
@Timeout(value = 26, unit = TimeUnit.MINUTES)
class KernelNbdVmIT {
    private static final Duration VM_LIMIT = Duration.ofMinutes(25);

    private GuestVm vm;

    @AfterEach
    void cleanUp() {
        if (vm != null) {
            vm.close();
        }
    }

    @Test
    void attachFormatMountWriteCheckDetachWithNetlinkAndIoctlLvmHolderDeadConnectionThenMultipathFailover() throws IOException {
        vm = GuestVm.create();
        vm.params();
        String status = vm.boot("kernel-attach-guest.sh", "script", VM_LIMIT);
        assertEquals("0", status, "guest script exit status\n" + vm.report());
        String log = Files.readString(vm.file("guest.log"));
        assertTrue(log.contains("PASS: netlink and ioctl attach, mkfs, mount, write, fsck, detach, read back, refusals, "
                + "force, stale cleanup"), "guest log has no PASS line\n" + vm.report());
        assertTrue(log.contains("PASS: LVM on /dev/nbd"), "guest log has no LVM holder PASS line\n" + vm.report());
        assertTrue(log.contains("PASS: dead-connection timeout derived and in force"),
                "guest log has no dead-connection timeout PASS line\n" + vm.report());
        assertTrue(log.contains("PASS: multipath"), "guest log has no multipath PASS line\n" + vm.report());
    }
}
