package io.lunbridge.app.lifecycle;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Who uses a block device: a filesystem mounted on it or on one of its partitions, a holder stacked
 * on it (device-mapper: an LVM logical volume, dm-crypt; md), recursively, and processes that have
 * the device or one of those open (their /proc/PID/fd links). Each use is one sentence naming the
 * mount point, holder or process, e.g. "/dev/loop0 is mounted on /mnt (ext4)". The roots are
 * parameters so that tests can use a fake tree.
 */
public final class DeviceUsage {
    private final Path sysBlock;
    private final Path proc;
    private final long ownPid;

    public DeviceUsage(Path sysBlock, Path proc, long ownPid) {
        this.sysBlock = sysBlock;
        this.proc = proc;
        this.ownPid = ownPid;
    }

    /** The running system, ignoring this process's own descriptors. */
    public static DeviceUsage system() {
        return new DeviceUsage(Path.of("/sys/block"), Path.of("/proc"), ProcessHandle.current().pid());
    }

    /**
     * The uses of {@code device} (e.g. /dev/loop0) in {@code mounts}; empty when nothing uses it.
     */
    public List<String> users(Path device, MountTable mounts) throws IOException {
        String name = device.getFileName().toString();
        Map<String, String> nodes = new LinkedHashMap<>(); // kernel name -> major:minor, the device first
        collect(name, sysBlock.resolve(name), nodes);
        List<String> uses = new ArrayList<>();
        for (Map.Entry<String, String> n : nodes.entrySet()) {
            String label = label(n.getKey());
            for (MountTable.Mount m : mounts.onDevice(n.getValue())) {
                uses.add(label + " is mounted on " + m);
            }
        }
        for (String holder : holders(name, nodes.keySet())) {
            uses.add(device + " is held by " + label(holder));
        }
        uses.addAll(openBy(nodes.keySet()));
        return uses;
    }

    /**
     * One block device node of a device's stack: the device itself, a partition of it, or a holder
     * stacked over either (an LVM logical volume).
     *
     * @param name the kernel name (loop0, loop0p1, dm-0)
     * @param majorMinor its device number, "7:0"
     * @param label how messages name it: "/dev/loop0", "/dev/dm-0 (/dev/mapper/vg-lv)"
     * @param path the node to open: /dev/mapper/NAME for a device-mapper node that has one, else /dev/NAME
     * @param holder true for a holder, false for the device and its partitions
     */
    public record BlockNode(String name, String majorMinor, String label, Path path, boolean holder) {
    }

    /** {@code device}, its partitions and (recursively) their holders, the device first. */
    public List<BlockNode> stack(Path device) throws IOException {
        String name = device.getFileName().toString();
        Map<String, String> nodes = new LinkedHashMap<>();
        collect(name, sysBlock.resolve(name), nodes);
        List<String> holders = holders(name, nodes.keySet());
        List<BlockNode> out = new ArrayList<>();
        for (Map.Entry<String, String> n : nodes.entrySet()) {
            Path dmName = sysBlock.resolve(n.getKey()).resolve("dm").resolve("name");
            Path path = Path.of("/dev", n.getKey());
            if (Files.exists(dmName)) {
                Path mapper = Path.of("/dev/mapper", read(dmName));
                path = Files.exists(mapper) ? mapper : path;
            }
            out.add(new BlockNode(n.getKey(), n.getValue(), label(n.getKey()), path, holders.contains(n.getKey())));
        }
        return out;
    }

    /** The mounts on {@code device}, its partitions and holders: "/dev/loop0 is mounted on /mnt (ext4)". */
    public List<String> mountUses(Path device, MountTable mounts) throws IOException {
        List<String> uses = new ArrayList<>();
        for (BlockNode n : stack(device)) {
            for (MountTable.Mount m : mounts.onDevice(n.majorMinor())) {
                uses.add(n.label() + " is mounted on " + m);
            }
        }
        return uses;
    }

    /**
     * The processes other than this one and {@code alsoIgnored} (e.g. the attach process serving the
     * device) that have {@code device}, a partition or a holder open.
     */
    public List<String> openers(Path device, long alsoIgnored) throws IOException {
        List<String> names = new ArrayList<>();
        for (BlockNode n : stack(device)) {
            names.add(n.name());
        }
        return openBy(names, alsoIgnored);
    }

    /**
     * The mounts of {@code device}, its partitions and (recursively) its holders (an LV over it), in
     * that order; empty when nothing is mounted.
     */
    public List<MountTable.Mount> mounts(Path device, MountTable mounts) throws IOException {
        String name = device.getFileName().toString();
        Map<String, String> nodes = new LinkedHashMap<>();
        collect(name, sysBlock.resolve(name), nodes);
        List<MountTable.Mount> found = new ArrayList<>();
        for (String majorMinor : nodes.values()) {
            found.addAll(mounts.onDevice(majorMinor));
        }
        return found;
    }

    /** Shorthand for {@link #users} with the current mount table. */
    public List<String> users(Path device) throws IOException {
        return users(device, MountTable.read());
    }

    /** The device, its partitions and (recursively) their holders, with their device numbers. */
    private void collect(String name, Path dir, Map<String, String> out) throws IOException {
        if (out.containsKey(name) || !Files.isDirectory(dir)) {
            return;
        }
        out.put(name, read(dir.resolve("dev")));
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
            for (Path p : s) {
                if (Files.exists(p.resolve("partition"))) {
                    collect(p.getFileName().toString(), p, out);
                }
            }
        }
        Path holders = dir.resolve("holders");
        if (Files.isDirectory(holders)) {
            try (DirectoryStream<Path> s = Files.newDirectoryStream(holders)) {
                for (Path h : s) {
                    String hn = h.getFileName().toString();
                    collect(hn, sysBlock.resolve(hn), out);
                }
            }
        }
    }

    /** The holders among {@code nodes}: everything but the device itself and its partitions. */
    private List<String> holders(String name, Iterable<String> nodes) {
        List<String> out = new ArrayList<>();
        for (String n : nodes) {
            if (!n.startsWith(name) && !Files.exists(sysBlock.resolve(name).resolve(n))) {
                out.add(n);
            }
        }
        return out;
    }

    /** "/dev/dm-0 (/dev/mapper/vg-lv)" for device-mapper nodes, "/dev/NAME" otherwise. */
    private String label(String node) {
        Path dmName = sysBlock.resolve(node).resolve("dm").resolve("name");
        if (Files.exists(dmName)) {
            try {
                return "/dev/" + node + " (/dev/mapper/" + read(dmName) + ")";
            } catch (IOException e) {
                return "/dev/" + node;
            }
        }
        return "/dev/" + node;
    }

    private List<String> openBy(Iterable<String> nodes) {
        return openBy(nodes, ownPid);
    }

    private List<String> openBy(Iterable<String> nodes, long alsoIgnored) {
        List<Path> paths = new ArrayList<>();
        for (String n : nodes) {
            paths.add(Path.of("/dev", n));
        }
        List<String> out = new ArrayList<>();
        try (DirectoryStream<Path> pids = Files.newDirectoryStream(proc, "[0-9]*")) {
            for (Path pidDir : pids) {
                long pid = Long.parseLong(pidDir.getFileName().toString());
                if (pid == ownPid || pid == alsoIgnored) {
                    continue;
                }
                Path hit = openDevice(pidDir.resolve("fd"), paths);
                if (hit != null) {
                    out.add(hit + " is open by process " + pid + " (" + command(pidDir) + ")");
                }
            }
        } catch (IOException e) {
            out.add("cannot list processes in " + proc + ": " + e.getMessage());
        }
        return out;
    }

    private static Path openDevice(Path fdDir, List<Path> devices) {
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(fdDir)) {
            for (Path fd : fds) {
                try {
                    Path target = Files.readSymbolicLink(fd);
                    if (devices.contains(target)) {
                        return target;
                    }
                } catch (IOException | UnsupportedOperationException e) {
                    // the descriptor closed meanwhile: not a user
                }
            }
        } catch (IOException e) {
            // the process ended meanwhile, or its descriptors are not readable: not a user we can name
        }
        return null;
    }

    private static String command(Path pidDir) {
        try {
            return read(pidDir.resolve("comm"));
        } catch (IOException e) {
            return "?";
        }
    }

    private static String read(Path p) throws IOException {
        return Files.readString(p, StandardCharsets.US_ASCII).trim();
    }
}
