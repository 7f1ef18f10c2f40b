package io.lunbridge.app.fsck;

import io.lunbridge.app.lifecycle.DeviceUsage;
import io.lunbridge.app.lifecycle.MountTable;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The guided check of {@code lunbridge fsck} over resolved LUNs ({@link FsckTargets}):
 * <ol>
 * <li>refused while any of them (or a partition or LV over it) is mounted or open by a process,
 *     naming the mount point or process: a check of a mounted filesystem reports nonsense, a repair
 *     destroys it;</li>
 * <li>per LUN, the filesystems found by blkid on the device, its partitions and the holders over
 *     them (LVM logical volumes; a physical volume is a container, not a filesystem);</li>
 * <li>for each, the read-only check first, with its verdict; a repair only with {@code --repair}
 *     or after "y" at the prompt on a terminal;</li>
 * <li>the LUN's "needs fsck" flag is cleared only when every filesystem on it was clean or was
 *     repaired.</li>
 * </ol>
 * The result is fsck(8)'s exit status: the OR over every filesystem ({@link FsckExit}).
 */
public final class FsckRun {
    /** blkid TYPEs that hold other block devices rather than a filesystem. */
    static final Set<String> CONTAINERS = Set.of("lvm2_member", "crypto_luks", "linux_raid_member", "bcache");

    private final DeviceUsage usage;
    private final MountTable mounts;
    private final FsckTools tools;
    private final Confirmation confirmation;
    private final FlagStore flags;
    private final boolean repair;
    private final PrintWriter out;

    public FsckRun(DeviceUsage usage, MountTable mounts, FsckTools tools, Confirmation confirmation, FlagStore flags,
                   boolean repair, PrintWriter out) {
        this.usage = usage;
        this.mounts = mounts;
        this.tools = tools;
        this.confirmation = confirmation;
        this.flags = flags;
        this.repair = repair;
        this.out = out;
    }

    /**
     * Checks {@code luns} and returns the exit status.
     *
     * @throws FsckException ({@link FsckExit#OPERATIONAL}) when one is mounted or in use: nothing is checked
     */
    public int run(List<Affected> luns) throws IOException {
        List<String> uses = new ArrayList<>();
        for (Affected a : luns) {
            uses.addAll(usage.mountUses(a.device(), mounts));
            uses.addAll(usage.openers(a.device(), a.attachPid()));
        }
        if (!uses.isEmpty()) {
            throw new FsckException(FsckExit.OPERATIONAL, "not checking: " + String.join("; ", uses)
                    + "; unmount it (and close it) first");
        }
        int status = FsckExit.CLEAN;
        for (Affected a : luns) {
            status |= check(a);
        }
        return status;
    }

    private int check(Affected a) throws IOException {
        out.println(a.describe() + ":");
        int status = FsckExit.CLEAN;
        List<DeviceUsage.BlockNode> stack = usage.stack(a.device());
        boolean hasHolders = stack.stream().anyMatch(DeviceUsage.BlockNode::holder);
        boolean checkedAny = false;
        for (DeviceUsage.BlockNode n : stack) {
            Optional<String> type = tools.filesystemType(n.path());
            if (type.isEmpty()) {
                if (stack.size() == 1) {
                    out.println("  no filesystem found on " + n.label() + " (blkid reports no TYPE)");
                    status |= FsckExit.OPERATIONAL;
                }
                continue; // a partition table, or an unused partition
            }
            String t = type.get();
            if (CONTAINERS.contains(t.toLowerCase(Locale.ROOT))) {
                if (!hasHolders) {
                    out.println("  " + n.label() + " is a " + t + " with nothing active over it: activate it (for LVM:"
                            + " vgchange -ay VG) and run lunbridge fsck again");
                    status |= FsckExit.OPERATIONAL;
                }
                continue; // its holders (the LVs) are in the stack
            }
            Optional<FsChecker> checker = FsChecker.forType(t);
            if (checker.isEmpty()) {
                out.println("  " + n.label() + " has a " + t + " filesystem: lunbridge fsck checks ext2, ext3, ext4 and"
                        + " xfs; check it with its own tool");
                status |= FsckExit.OPERATIONAL;
                continue;
            }
            checkedAny = true;
            status |= checkOne(n, t, checker.get());
        }
        if (!checkedAny && status == FsckExit.CLEAN) {
            status |= FsckExit.OPERATIONAL; // nothing identified at all: partitions without a filesystem
            out.println("  no filesystem found on " + a.device() + " or the devices over it");
        }
        flagVerdict(a, status);
        return status;
    }

    private int checkOne(DeviceUsage.BlockNode n, String type, FsChecker checker) throws IOException {
        List<String> check = checker.readOnly(n.path());
        out.println("  " + n.label() + " (" + type + "): read-only check: " + String.join(" ", check));
        out.flush();
        int exit = tools.run(check, out);
        Verdict v = checker.readOnlyVerdict(exit);
        out.println("  " + n.label() + ": " + v.text() + " (" + checker.tool() + " exit " + exit + ")");
        if (v != Verdict.ERRORS_FOUND) {
            return v.exitStatus();
        }
        List<String> fix = checker.repair(n.path());
        if (!repair) {
            Confirmation.Answer answer = confirmation.ask("Repair " + n.label() + " with '" + String.join(" ", fix)
                    + "'? [y/N] ");
            switch (answer) {
                case YES -> {
                }
                case CANCELLED -> {
                    out.println("  " + n.label() + ": cancelled, not repaired");
                    return FsckExit.CANCELLED;
                }
                case NO -> {
                    out.println("  " + n.label() + ": not repaired");
                    return FsckExit.UNCORRECTED;
                }
                default -> {
                    out.println("  " + n.label() + ": not repaired; to repair it run: lunbridge fsck --repair "
                            + n.path());
                    return FsckExit.UNCORRECTED;
                }
            }
        }
        out.println("  " + n.label() + ": repair: " + String.join(" ", fix));
        out.flush();
        int fixed = tools.run(fix, out);
        Verdict r = checker.repairVerdict(fixed);
        out.println("  " + n.label() + ": " + r.text() + " (" + checker.tool() + " exit " + fixed + ")"
                + (checker == FsChecker.XFS && fixed == 2 ? ": the log is dirty; mount and unmount the filesystem"
                + " once to replay it, then run lunbridge fsck again" : ""));
        return r.exitStatus();
    }

    private void flagVerdict(Affected a, int status) {
        String which = a.target() + " lun " + a.lun();
        if (FsckExit.clearsFlag(status)) {
            out.println(flags.clear(a.target(), a.lun()) ? "  'needs fsck' flag of " + which + " cleared"
                    : "  " + which + " was not flagged 'needs fsck'");
        } else if (flags.flagged(a.target(), a.lun())) {
            out.println("  'needs fsck' flag of " + which + " kept: the check was not clean");
        }
        out.flush();
    }
}
