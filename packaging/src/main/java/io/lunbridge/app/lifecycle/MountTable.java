package io.lunbridge.app.lifecycle;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The mounts of this process's mount namespace, as /proc/self/mountinfo lists them (proc(5)):
 * {@code ID PARENT MAJOR:MINOR ROOT MOUNTPOINT OPTIONS [OPTIONAL…] - FSTYPE SOURCE SUPEROPTIONS},
 * with spaces, tabs, newlines and backslashes in paths written as octal escapes. Parsing is pure.
 */
public record MountTable(List<Mount> mounts) {
    /** The file read by {@link #read()}. */
    public static final Path PROC_MOUNTINFO = Path.of("/proc/self/mountinfo");

    /** One mount: the device number of the mounted filesystem, where, its type and source. */
    public record Mount(String device, Path mountPoint, String fsType, String source) {
        @Override
        public String toString() {
            return mountPoint + " (" + fsType + ")";
        }
    }

    public MountTable {
        mounts = List.copyOf(mounts);
    }

    /** The running system's mounts. */
    public static MountTable read() throws IOException {
        return parse(Files.readString(PROC_MOUNTINFO, StandardCharsets.UTF_8));
    }

    /**
     * Parses mountinfo text.
     *
     * @throws IllegalArgumentException naming the line that does not have the mountinfo shape
     */
    public static MountTable parse(String text) {
        List<Mount> mounts = new ArrayList<>();
        String[] lines = text.split("\n");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.split(" ");
            int dash = -1;
            for (int j = 6; j < f.length; j++) {
                if (f[j].equals("-")) {
                    dash = j;
                    break;
                }
            }
            if (f.length < 10 || dash < 0 || dash + 2 >= f.length || !f[2].contains(":")) {
                throw new IllegalArgumentException(PROC_MOUNTINFO + " line " + (i + 1)
                        + ": not 'ID PARENT MAJOR:MINOR ROOT MOUNTPOINT OPTIONS … - FSTYPE SOURCE …': " + line);
            }
            mounts.add(new Mount(f[2], Path.of(unescape(f[4])), f[dash + 1], unescape(f[dash + 2])));
        }
        return new MountTable(mounts);
    }

    /** Mounts whose filesystem lives on device {@code majorMinor} ("7:0"). */
    public List<Mount> onDevice(String majorMinor) {
        return mounts.stream().filter(m -> m.device().equals(majorMinor)).toList();
    }

    /** The topmost mount at {@code mountPoint}, if any. */
    public Optional<Mount> at(Path mountPoint) {
        Path p = mountPoint.toAbsolutePath().normalize();
        Mount found = null;
        for (Mount m : mounts) {
            if (m.mountPoint().equals(p)) {
                found = m;
            }
        }
        return Optional.ofNullable(found);
    }

    /** Undoes mountinfo's octal escapes ({@code \040} for a space). */
    static String unescape(String s) {
        if (s.indexOf('\\') < 0) {
            return s;
        }
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 3 < s.length()
                    && s.substring(i + 1, i + 4).chars().allMatch(d -> d >= '0' && d <= '7')) {
                b.append((char) Integer.parseInt(s.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }
}
