package io.lunbridge.cli;

import io.lunbridge.app.fsck.Affected;
import io.lunbridge.app.fsck.Confirmation;
import io.lunbridge.app.fsck.FlagStore;
import io.lunbridge.app.fsck.FsckException;
import io.lunbridge.app.fsck.FsckExit;
import io.lunbridge.app.fsck.FsckRun;
import io.lunbridge.app.fsck.FsckTargets;
import io.lunbridge.app.fsck.SystemFsckTools;
import io.lunbridge.app.lifecycle.AttachmentLock;
import io.lunbridge.app.lifecycle.AttachmentRecord;
import io.lunbridge.app.lifecycle.DeviceUsage;
import io.lunbridge.app.lifecycle.MountTable;
import io.lunbridge.app.lifecycle.RunDirectory;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code lunbridge fsck DEVICE|TARGET}: the guided check after connectivity loss ({@link FsckRun}):
 * the LUNs attached as DEVICE or of TARGET, refused while mounted, blkid, the read-only check and
 * its verdict, a repair with {@code --repair} or a "y" on a terminal, the "needs fsck" flag cleared
 * on a clean result. Exit status as fsck(8): 0 clean, 1 corrected, 4 left uncorrected, 8
 * operational error, 16 usage, 32 cancelled (OR over every filesystem). A LUN the daemon attached
 * (its attachment record names the daemon's control socket, {@code --control}) is checked by the
 * daemon ({@link FsckViaDaemon}); any other attachment's here.
 */
@Command(name = "fsck", mixinStandardHelpOptions = true, exitCodeOnInvalidInput = FsckExit.USAGE,
        description = "Check the filesystems of a LUN lunbridge attached (after its I/O failed): read-only first, "
                + "repair with --repair or after confirmation; clears its 'needs fsck' flag when clean. "
                + "Exit status as fsck(8): 0 clean, 1 corrected, 4 uncorrected, 8 operational error, 16 usage, "
                + "32 cancelled.")
final class FsckCommand implements Callable<Integer> {
    private static final Logger LOG = LogManager.getLogger(FsckCommand.class);

    @Parameters(index = "0", paramLabel = "DEVICE|TARGET",
            description = "/dev/loopN or /dev/nbdN attached by lunbridge, or a target name: every LUN of it attached")
    String what;

    @Option(names = "--repair", description = "Repair what the read-only check finds, without asking "
            + "(e2fsck -f -y, xfs_repair -e); without it a terminal is asked, anything else is not repaired")
    boolean repair;

    @Mixin
    StoreOption store;

    @Mixin
    DaemonControlOption daemon;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            List<AttachmentRecord> live = new ArrayList<>();
            List<AttachmentLock.State> states = AttachmentLock.scan(RunDirectory.system());
            for (AttachmentLock.State s : states) {
                if (s instanceof AttachmentLock.Live l) {
                    live.add(l.record());
                } else if (s instanceof AttachmentLock.Stale stale) {
                    stale.claim().release(); // a killed attach's record: lunbridge detach cleans it
                }
            }
            List<Affected> luns = FsckTargets.resolve(what, live);
            Path socket = daemon.socket();
            if (byDaemon(luns, live, socket)) {
                // the daemon owns the device: it runs the check (root there), clears the flag in its store
                String arg = what.startsWith("/") || what.startsWith(".") ? luns.get(0).device().toString()
                        : luns.get(0).target().value();
                return new FsckViaDaemon(socket, Confirmation.console(), out).run(arg, repair);
            }
            int status = new FsckRun(DeviceUsage.system(), MountTable.read(), new SystemFsckTools(),
                    Confirmation.console(), FlagStore.of(store.path()), repair, out).run(luns);
            out.flush();
            return status;
        } catch (FsckException e) {
            out.flush();
            err.println("lunbridge: error: " + Main.bounded(e.getMessage()));
            err.flush();
            return e.exitStatus();
        } catch (Exception e) {
            LOG.debug("lunbridge fsck failed", e);
            out.flush();
            err.println("lunbridge: error: " + Main.bounded(Main.message(e)));
            err.flush();
            return FsckExit.OPERATIONAL;
        }
    }

    /** Whether every LUN of {@code luns} is attached by the daemon answering on {@code socket}. */
    static boolean byDaemon(List<Affected> luns, List<AttachmentRecord> live, Path socket) {
        for (Affected a : luns) {
            boolean daemons = live.stream().anyMatch(r -> r.target().equals(a.target().value()) && r.lun().equals(a.lun())
                    && r.pid() == a.attachPid() && !r.controlSocket().isEmpty()
                    && Path.of(r.controlSocket()).toAbsolutePath().normalize().equals(socket.normalize()));
            if (!daemons) {
                return false;
            }
        }
        return !luns.isEmpty();
    }
}
