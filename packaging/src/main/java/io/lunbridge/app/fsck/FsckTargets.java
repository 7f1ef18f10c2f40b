package io.lunbridge.app.fsck;

import io.lunbridge.app.lifecycle.AttachmentRecord;
import io.lunbridge.protocol.naming.IscsiName;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Which LUNs {@code lunbridge fsck DEVICE|TARGET} checks, from the records of the live attachments
 * (the lock files of /run/lunbridge/locks): the one attached as DEVICE (/dev/loopN, /dev/nbdN, or
 * a link to it), or every attached LUN of TARGET. Anything else is refused naming what is attached.
 */
public final class FsckTargets {
    private FsckTargets() {
    }

    /**
     * Resolves {@code what} against {@code live}, the records of running attach processes.
     *
     * @throws FsckException {@link FsckExit#OPERATIONAL} for a device or target lunbridge has not
     *     attached, {@link FsckExit#USAGE} for something that is neither a device path nor a target name
     */
    public static List<Affected> resolve(String what, List<AttachmentRecord> live) {
        List<AttachmentRecord> attached = live.stream().filter(r -> !r.device().isEmpty()).toList();
        if (what.isEmpty()) {
            throw new FsckException(FsckExit.USAGE, "name a device (/dev/loopN, /dev/nbdN) or a target");
        }
        if (what.startsWith("/") || what.startsWith(".")) {
            Path given = Path.of(what).toAbsolutePath().normalize();
            if (!Files.exists(given)) {
                throw new FsckException(FsckExit.OPERATIONAL, "no such device " + given + known(attached));
            }
            Path real = real(given);
            List<Affected> found = new ArrayList<>();
            for (AttachmentRecord r : attached) {
                Path dev = Path.of(r.device());
                if (dev.equals(given) || dev.equals(real)) {
                    found.add(affected(r));
                }
            }
            if (found.isEmpty()) {
                throw new FsckException(FsckExit.OPERATIONAL, given + (real.equals(given) ? "" : " (" + real + ")")
                        + " is not a device lunbridge attached" + known(attached));
            }
            return found;
        }
        IscsiName target;
        try {
            target = IscsiName.parse(what);
        } catch (IllegalArgumentException e) {
            throw new FsckException(FsckExit.USAGE, "'" + io.lunbridge.protocol.input.Excerpt.of(what)
                    + "' is neither a device (/dev/loopN, /dev/nbdN) nor a target name: " + e.getMessage());
        }
        List<Affected> found = new ArrayList<>();
        for (AttachmentRecord r : attached) {
            if (r.target().equals(target.value())) {
                found.add(affected(r));
            }
        }
        if (found.isEmpty()) {
            throw new FsckException(FsckExit.OPERATIONAL, "target " + target + " has no LUN attached by lunbridge"
                    + known(attached) + "; attach it first (lunbridge attach), then check its device");
        }
        return found;
    }

    private static Affected affected(AttachmentRecord r) {
        return new Affected(IscsiName.parse(r.target()), r.lun(), Path.of(r.device()), r.pid());
    }

    private static Path real(Path p) {
        try {
            return p.toRealPath();
        } catch (IOException e) {
            return p;
        }
    }

    private static String known(List<AttachmentRecord> attached) {
        if (attached.isEmpty()) {
            return " (lunbridge has nothing attached)";
        }
        List<String> d = new ArrayList<>();
        for (AttachmentRecord r : attached) {
            d.add(r.describe());
        }
        return "; lunbridge has attached: " + String.join(", ", d);
    }
}
