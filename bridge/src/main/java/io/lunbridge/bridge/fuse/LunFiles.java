package io.lunbridge.bridge.fuse;

import io.lunbridge.block.Geometry;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The namespace of a {@link LunFileSystem}: one directory, the root (node 1), holding one file per
 * LUN (nodes 2, 3, … in the order given), and the attributes of each. Immutable; thread-safe.
 */
final class LunFiles {
    /** The root directory's node id. */
    static final long ROOT = 1;

    private final List<FuseFile> files;
    private final long mountTime;

    /**
     * @throws IllegalArgumentException if a name is used twice
     */
    LunFiles(List<FuseFile> files, long mountTimeSeconds) {
        List<String> names = new ArrayList<>();
        for (FuseFile f : files) {
            if (names.contains(f.name())) {
                throw new IllegalArgumentException("FUSE file name '" + f.name() + "' is used twice");
            }
            names.add(f.name());
        }
        this.files = List.copyOf(files);
        this.mountTime = mountTimeSeconds;
    }

    /** Every file, in node order. */
    List<FuseFile> all() {
        return files;
    }

    /** Whether any file accepts writes. */
    boolean anyWritable() {
        return files.stream().anyMatch(f -> !f.device().geometry().writeProtected());
    }

    /** The node of the file named {@code name} in the root, if there is one. */
    Optional<Long> lookup(String name) {
        for (int i = 0; i < files.size(); i++) {
            if (files.get(i).name().equals(name)) {
                return Optional.of(i + 2L);
            }
        }
        return Optional.empty();
    }

    /** The file of {@code node}; empty for the root and unknown nodes. */
    Optional<FuseFile> file(long node) {
        return node >= 2 && node - 2 < files.size() ? Optional.of(files.get((int) (node - 2))) : Optional.empty();
    }

    /** The attributes of {@code node} (the root or a file). */
    Optional<FuseAttr> attr(long node) {
        if (node == ROOT) {
            return Optional.of(new FuseAttr(ROOT, 0, FuseAttr.S_IFDIR | 0755, 2, 4096, mountTime));
        }
        return file(node).map(f -> fileAttr(node, f));
    }

    /** The directory listing of the root: ".", ".." and the files. */
    List<FuseReplyEncoder.Dirent> entries() {
        List<FuseReplyEncoder.Dirent> entries = new ArrayList<>();
        entries.add(new FuseReplyEncoder.Dirent(ROOT, ".", FuseReplyEncoder.DT_DIR));
        entries.add(new FuseReplyEncoder.Dirent(ROOT, "..", FuseReplyEncoder.DT_DIR));
        for (int i = 0; i < files.size(); i++) {
            entries.add(new FuseReplyEncoder.Dirent(i + 2, files.get(i).name(), FuseReplyEncoder.DT_REG));
        }
        return entries;
    }

    private FuseAttr fileAttr(long node, FuseFile f) {
        Geometry g = f.device().geometry();
        int mode = FuseAttr.S_IFREG | (g.writeProtected() ? 0400 : 0600);
        int blksize = Math.max(g.physicalBlockSize(), 4096);
        return new FuseAttr(node, g.sizeBytes(), mode, 1, blksize, mountTime);
    }
}
