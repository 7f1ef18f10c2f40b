package io.lunbridge.app.lifecycle;

import java.util.Optional;

/** A second attach of a LUN this host already has attached, naming the device and the process. */
public final class AlreadyAttachedException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    public AlreadyAttachedException(String target, String lun, Optional<AttachmentRecord> holder) {
        super("LUN " + lun + " of " + target + " is already attached on this host"
                + holder.map(r -> (r.device().isEmpty() ? " (being attached" : " as " + r.device() + " (")
                        + r.mode() + ") by process " + r.pid() + "; detach it first: lunbridge detach "
                        + (r.device().isEmpty() ? "--target " + target + " --lun " + lun : r.device()))
                .orElse(" by another process (its record is unreadable)"));
    }
}
