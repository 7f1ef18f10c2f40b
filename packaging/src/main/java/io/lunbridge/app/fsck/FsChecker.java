package io.lunbridge.app.fsck;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The checker of a filesystem type: its read-only and its repair command, and what their exit
 * statuses mean. ext2/3/4: e2fsck ({@code -n -f}: 0 clean, 4 errors; {@code -f -y}: 0 clean, 1-3
 * corrected, 4 uncorrected, 8 operational, 32 cancelled). xfs: xfs_repair ({@code -n}: 0 clean, 1
 * corruption; with {@code -e}: 0 clean, 4 corrected, 2 a dirty log it cannot replay, 1 a runtime error).
 */
public enum FsChecker {
    EXT("e2fsck") {
        @Override
        public List<String> readOnly(Path device) {
            return List.of("e2fsck", "-n", "-f", device.toString());
        }

        @Override
        public List<String> repair(Path device) {
            return List.of("e2fsck", "-f", "-y", device.toString());
        }

        @Override
        public Verdict readOnlyVerdict(int exit) {
            if (exit == 0) {
                return Verdict.CLEAN;
            }
            if ((exit & 32) != 0) {
                return Verdict.CANCELLED;
            }
            if ((exit & (8 | 16 | 128)) != 0 || exit < 0) {
                return Verdict.FAILED;
            }
            return Verdict.ERRORS_FOUND; // 4 (1 and 2 cannot come from -n: nothing is changed)
        }

        @Override
        public Verdict repairVerdict(int exit) {
            if (exit == 0) {
                return Verdict.CLEAN;
            }
            if ((exit & 32) != 0) {
                return Verdict.CANCELLED;
            }
            if ((exit & (8 | 16 | 128)) != 0 || exit < 0) {
                return Verdict.FAILED;
            }
            return (exit & 4) != 0 ? Verdict.UNCORRECTED : Verdict.CORRECTED;
        }
    },
    XFS("xfs_repair") {
        @Override
        public List<String> readOnly(Path device) {
            return List.of("xfs_repair", "-n", device.toString());
        }

        @Override
        public List<String> repair(Path device) {
            return List.of("xfs_repair", "-e", device.toString());
        }

        @Override
        public Verdict readOnlyVerdict(int exit) {
            return switch (exit) {
                case 0 -> Verdict.CLEAN;
                case 1 -> Verdict.ERRORS_FOUND;
                default -> Verdict.FAILED;
            };
        }

        @Override
        public Verdict repairVerdict(int exit) {
            return switch (exit) {
                case 0 -> Verdict.CLEAN;
                case 4 -> Verdict.CORRECTED;
                case 2 -> Verdict.UNCORRECTED; // a dirty log: mount once to replay it, or xfs_repair -L
                default -> Verdict.FAILED;
            };
        }
    };

    private final String tool;

    FsChecker(String tool) {
        this.tool = tool;
    }

    /** The checker for blkid's TYPE {@code type}, if lunbridge knows one. */
    public static Optional<FsChecker> forType(String type) {
        return switch (type.toLowerCase(Locale.ROOT)) {
            case "ext2", "ext3", "ext4" -> Optional.of(EXT);
            case "xfs" -> Optional.of(XFS);
            default -> Optional.empty();
        };
    }

    /** The program run. */
    public String tool() {
        return tool;
    }

    /** The check that changes nothing. */
    public abstract List<String> readOnly(Path device);

    /** The repair, answering yes to every fix. */
    public abstract List<String> repair(Path device);

    /** What the read-only check's exit status means. */
    public abstract Verdict readOnlyVerdict(int exit);

    /** What the repair's exit status means. */
    public abstract Verdict repairVerdict(int exit);
}
