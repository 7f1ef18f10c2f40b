package io.lunbridge.app.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Uses of a device found in a fake /sys/block and /proc: mounts on it and its partitions, holders, open descriptors. */
class DeviceUsageTest {
    @TempDir
    Path root;

    private Path sys;
    private Path proc;

    private void device(String name, String dev) throws Exception {
        Files.createDirectories(sys.resolve(name).resolve("holders"));
        Files.writeString(sys.resolve(name).resolve("dev"), dev + "\n");
    }

    private DeviceUsage usage() throws Exception {
        sys = sys == null ? Files.createDirectories(root.resolve("sys/block")) : sys;
        proc = proc == null ? Files.createDirectories(root.resolve("proc")) : proc;
        return new DeviceUsage(sys, proc, 1);
    }

    @Test
    void anUnusedDeviceHasNoUses() throws Exception {
        DeviceUsage u = usage();
        device("loop3", "7:3");
        assertEquals(List.of(), u.users(Path.of("/dev/loop3"), MountTable.parse("")));
    }

    @Test
    void mountsOnTheDeviceAPartitionOrAnLvAndTheHolderAreNamed() throws Exception {
        DeviceUsage u = usage();
        device("loop3", "7:3");
        Path part = Files.createDirectories(sys.resolve("loop3/loop3p1"));
        Files.writeString(part.resolve("dev"), "259:0\n");
        Files.writeString(part.resolve("partition"), "1\n");
        device("dm-0", "253:0");
        Files.createDirectories(sys.resolve("dm-0/dm"));
        Files.writeString(sys.resolve("dm-0/dm/name"), "vg-lv\n");
        Files.createDirectories(part.resolve("holders/dm-0"));
        MountTable mounts = MountTable.parse(String.join("\n",
                "36 22 7:3 / /mnt/a rw - ext4 /dev/loop3 rw",
                "37 22 259:0 / /mnt/b rw - xfs /dev/loop3p1 rw",
                "38 22 253:0 / /mnt/c rw - ext4 /dev/mapper/vg-lv rw"));
        assertEquals(List.of("/dev/loop3 is mounted on /mnt/a (ext4)",
                "/dev/loop3p1 is mounted on /mnt/b (xfs)",
                "/dev/dm-0 (/dev/mapper/vg-lv) is mounted on /mnt/c (ext4)",
                "/dev/loop3 is held by /dev/dm-0 (/dev/mapper/vg-lv)"), u.users(Path.of("/dev/loop3"), mounts));
        assertEquals(List.of(Path.of("/mnt/a"), Path.of("/mnt/b"), Path.of("/mnt/c")), u.mounts(Path.of("/dev/loop3"),
                mounts).stream().map(MountTable.Mount::mountPoint).toList(), "the mounts, for status");
    }

    @Test
    void processesWithTheDeviceOpenAreNamedButNotThisProcess() throws Exception {
        DeviceUsage u = usage();
        device("nbd2", "43:64");
        for (String pid : List.of("1", "4242")) {
            Path fd = Files.createDirectories(proc.resolve(pid).resolve("fd"));
            Files.createSymbolicLink(fd.resolve("3"), Path.of("/dev/nbd2"));
            Files.writeString(proc.resolve(pid).resolve("comm"), "dd\n");
        }
        assertEquals(List.of("/dev/nbd2 is open by process 4242 (dd)"),
                u.users(Path.of("/dev/nbd2"), MountTable.parse("")));
    }
}
