package io.lunbridge.app.fsck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lunbridge.app.lifecycle.DeviceUsage;
import io.lunbridge.app.lifecycle.MountTable;
import io.lunbridge.protocol.naming.IscsiName;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The refusal rules, the order (read-only first, repair only when asked), the exit status and when
 * the flag is cleared, on a fake /sys/block and /proc tree with stand-ins for blkid and the checkers.
 */
class FsckRunTest {
    static final IscsiName T = IscsiName.parse("iqn.2026-12.io.lunbridge.test:fsck");

    @TempDir
    Path root;

    private final StringWriter text = new StringWriter();
    private final Map<Path, String> types = new HashMap<>();
    /** Exit statuses the checker runs return, in order. */
    private final Deque<Integer> exits = new ArrayDeque<>();
    private final List<List<String>> ran = new ArrayList<>();
    private final Set<String> flagged = new HashSet<>(Set.of("1"));
    private final List<String> cleared = new ArrayList<>();

    private Path sys() throws Exception {
        return Files.createDirectories(root.resolve("sys/block"));
    }

    private void device(String name, String dev) throws Exception {
        Files.createDirectories(sys().resolve(name).resolve("holders"));
        Files.writeString(sys().resolve(name).resolve("dev"), dev + "\n");
    }

    private final FsckTools tools = new FsckTools() {
        @Override
        public Optional<String> filesystemType(Path device) {
            return Optional.ofNullable(types.get(device));
        }

        @Override
        public int run(List<String> argv, PrintWriter out) {
            ran.add(argv);
            return exits.removeFirst();
        }
    };

    private final FlagStore flags = new FlagStore() {
        @Override
        public boolean flagged(IscsiName target, String lun) {
            return flagged.contains(lun);
        }

        @Override
        public boolean clear(IscsiName target, String lun) {
            cleared.add(lun);
            return flagged.remove(lun);
        }
    };

    private int run(boolean repair, Confirmation confirmation, String mountinfo) throws Exception {
        Files.createDirectories(root.resolve("proc"));
        FsckRun r = new FsckRun(new DeviceUsage(sys(), root.resolve("proc"), 1), MountTable.parse(mountinfo), tools,
                confirmation, flags, repair, new PrintWriter(text, true));
        return r.run(List.of(new Affected(T, "1", Path.of("/dev/loop3"), 4242)));
    }

    private int run(boolean repair, Confirmation confirmation) throws Exception {
        return run(repair, confirmation, "");
    }

    @Test
    void aCleanReadOnlyCheckExitsZeroAndClearsTheFlagWithoutRepairing() throws Exception {
        device("loop3", "7:3");
        types.put(Path.of("/dev/loop3"), "ext4");
        exits.add(0);
        assertEquals(0, run(false, q -> Confirmation.Answer.YES));
        assertEquals(List.of(List.of("e2fsck", "-n", "-f", "/dev/loop3")), ran);
        assertEquals(List.of("1"), cleared);
        assertTrue(text.toString().contains("/dev/loop3: clean (e2fsck exit 0)"), text.toString());
        assertTrue(text.toString().contains("'needs fsck' flag of " + T + " lun 1 cleared"), text.toString());
    }

    @Test
    void errorsWithoutATerminalAreNotRepairedExitFourAndTheFlagStays() throws Exception {
        device("loop3", "7:3");
        types.put(Path.of("/dev/loop3"), "ext4");
        exits.add(4);
        assertEquals(4, run(false, Confirmation.NONE));
        assertEquals(1, ran.size(), "only the read-only check ran: " + ran);
        assertEquals(List.of(), cleared);
        assertTrue(text.toString().contains("errors found (e2fsck exit 4)"), text.toString());
        assertTrue(text.toString().contains("lunbridge fsck --repair /dev/loop3"), text.toString());
        assertTrue(text.toString().contains("flag of " + T + " lun 1 kept"), text.toString());
    }

    @Test
    void answeringNoLeavesItUncorrectedAndEndOfInputCancels() throws Exception {
        device("loop3", "7:3");
        types.put(Path.of("/dev/loop3"), "ext4");
        List<String> asked = new ArrayList<>();
        exits.add(4);
        assertEquals(4, run(false, q -> {
            asked.add(q);
            return Confirmation.Answer.NO;
        }));
        assertEquals(List.of("Repair /dev/loop3 with 'e2fsck -f -y /dev/loop3'? [y/N] "), asked);
        exits.add(4);
        assertEquals(32, run(false, q -> Confirmation.Answer.CANCELLED));
        assertEquals(2, ran.size(), "no repair ran: " + ran);
        assertEquals(List.of(), cleared);
    }

    @Test
    void repairAfterYesOrWithRepairExitsOneAndClearsTheFlag() throws Exception {
        device("loop3", "7:3");
        types.put(Path.of("/dev/loop3"), "ext4");
        exits.addAll(List.of(4, 1));
        assertEquals(1, run(false, q -> Confirmation.Answer.YES));
        assertEquals(List.of(List.of("e2fsck", "-n", "-f", "/dev/loop3"), List.of("e2fsck", "-f", "-y", "/dev/loop3")),
                ran);
        assertEquals(List.of("1"), cleared);
        ran.clear();
        flagged.add("1");
        exits.addAll(List.of(4, 4));
        assertEquals(4, run(true, q -> {
            throw new AssertionError("--repair asks nobody");
        }));
        assertEquals(2, ran.size(), "read-only first, then the repair: " + ran);
        assertEquals(List.of("1"), cleared, "a repair that left errors does not clear the flag");
    }

    @Test
    void mountedOrOpenIsRefusedNamingTheMountPointAndProcessBeforeAnyCheck() throws Exception {
        device("loop3", "7:3");
        types.put(Path.of("/dev/loop3"), "ext4");
        FsckException e = assertThrows(FsckException.class, () -> run(false, Confirmation.NONE,
                "36 22 7:3 / /mnt/data rw - ext4 /dev/loop3 rw"));
        assertEquals(8, e.exitStatus());
        assertEquals("not checking: /dev/loop3 is mounted on /mnt/data (ext4); unmount it (and close it) first",
                e.getMessage());
        for (String pid : List.of("4242", "77")) {
            Path fd = Files.createDirectories(root.resolve("proc").resolve(pid).resolve("fd"));
            Files.createSymbolicLink(fd.resolve("3"), Path.of("/dev/loop3"));
            Files.writeString(root.resolve("proc").resolve(pid).resolve("comm"), "dd\n");
        }
        e = assertThrows(FsckException.class, () -> run(false, Confirmation.NONE));
        assertEquals("not checking: /dev/loop3 is open by process 77 (dd); unmount it (and close it) first",
                e.getMessage(), "the attach process (4242) itself is no user");
        assertEquals(List.of(), ran);
        assertEquals(List.of(), cleared);
    }

    @Test
    void anLvOverAPhysicalVolumeIsCheckedAndItsMountRefused() throws Exception {
        device("loop3", "7:3");
        device("dm-0", "253:0");
        Files.createDirectories(sys().resolve("dm-0/dm"));
        Files.writeString(sys().resolve("dm-0/dm/name"), "vg-lv\n");
        Files.createDirectories(sys().resolve("loop3/holders/dm-0"));
        types.put(Path.of("/dev/loop3"), "LVM2_member");
        types.put(Path.of("/dev/dm-0"), "xfs");
        FsckException e = assertThrows(FsckException.class, () -> run(false, Confirmation.NONE,
                "38 22 253:0 / /srv rw - xfs /dev/mapper/vg-lv rw"));
        assertTrue(e.getMessage().contains("/dev/dm-0 (/dev/mapper/vg-lv) is mounted on /srv (xfs)"), e.getMessage());
        exits.add(0);
        assertEquals(0, run(false, Confirmation.NONE));
        assertEquals(List.of(List.of("xfs_repair", "-n", "/dev/dm-0")), ran, "the LV, not the physical volume");
        assertEquals(List.of("1"), cleared);
    }

    @Test
    void anUnknownOrMissingFilesystemIsSaidAndExitsEight() throws Exception {
        device("loop3", "7:3");
        types.put(Path.of("/dev/loop3"), "btrfs");
        assertEquals(8, run(false, Confirmation.NONE));
        assertTrue(text.toString().contains("/dev/loop3 has a btrfs filesystem: lunbridge fsck checks ext2, ext3, ext4"
                + " and xfs"), text.toString());
        types.clear();
        assertEquals(8, run(false, Confirmation.NONE));
        assertTrue(text.toString().contains("no filesystem found on /dev/loop3 (blkid reports no TYPE)"), text.toString());
        types.put(Path.of("/dev/loop3"), "LVM2_member");
        assertEquals(8, run(false, Confirmation.NONE));
        assertTrue(text.toString().contains("/dev/loop3 is a LVM2_member with nothing active over it"), text.toString());
        assertEquals(List.of(), ran);
        assertEquals(List.of(), cleared, "nothing checked: the flag stays");
        assertFalse(flagged.isEmpty());
    }

    @Test
    void checkerExitStatusesMapAsFsck() {
        assertEquals(Verdict.CLEAN, FsChecker.EXT.readOnlyVerdict(0));
        assertEquals(Verdict.ERRORS_FOUND, FsChecker.EXT.readOnlyVerdict(4));
        assertEquals(Verdict.FAILED, FsChecker.EXT.readOnlyVerdict(8));
        assertEquals(Verdict.FAILED, FsChecker.EXT.readOnlyVerdict(12));
        assertEquals(Verdict.CANCELLED, FsChecker.EXT.readOnlyVerdict(32));
        assertEquals(Verdict.CORRECTED, FsChecker.EXT.repairVerdict(1));
        assertEquals(Verdict.CORRECTED, FsChecker.EXT.repairVerdict(2));
        assertEquals(Verdict.UNCORRECTED, FsChecker.EXT.repairVerdict(4));
        assertEquals(Verdict.UNCORRECTED, FsChecker.EXT.repairVerdict(5));
        assertEquals(Verdict.FAILED, FsChecker.EXT.repairVerdict(8));
        assertEquals(Verdict.CLEAN, FsChecker.XFS.readOnlyVerdict(0));
        assertEquals(Verdict.ERRORS_FOUND, FsChecker.XFS.readOnlyVerdict(1));
        assertEquals(Verdict.FAILED, FsChecker.XFS.readOnlyVerdict(2));
        assertEquals(Verdict.CORRECTED, FsChecker.XFS.repairVerdict(4));
        assertEquals(Verdict.UNCORRECTED, FsChecker.XFS.repairVerdict(2));
        assertEquals(Verdict.FAILED, FsChecker.XFS.repairVerdict(1));
        assertEquals(Optional.of(FsChecker.EXT), FsChecker.forType("ext3"));
        assertEquals(Optional.empty(), FsChecker.forType("vfat"));
        assertTrue(FsckExit.clearsFlag(0) && FsckExit.clearsFlag(1));
        assertFalse(FsckExit.clearsFlag(4) || FsckExit.clearsFlag(5) || FsckExit.clearsFlag(8) || FsckExit.clearsFlag(32));
    }
}
