package io.lunbridge.app.fsck;

import io.lunbridge.app.status.StatusFlag;
import io.lunbridge.app.status.StatusFlags;
import io.lunbridge.app.store.DeviceFlag;
import io.lunbridge.mpio.DeviceStatus;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;

/**
 * The daemon's {@link StatusFlags}: a LUN flagged "needs fsck" in the store gets the flag
 * {@code needs-fsck} with the text of {@link NeedsFsckStatus#line} (since, reason, failed I/Os,
 * device), so a client reading the daemon's {@code status json} directly sees it. The flags are
 * read from the store at each ask (a status request asks once per LUN; the store is a small SQLite
 * file); a store that cannot be read gives the flag {@code flags-unreadable} naming it, never an
 * exception.
 */
public final class NeedsFsckFlags implements StatusFlags {
    /** The flag key scripts look for. */
    public static final String KEY = "needs-fsck";

    private final Supplier<NeedsFsckStatus> flags;
    private final String source;

    /** {@code flags} reads the store's flags now; {@code source} names the store in a failure. */
    public NeedsFsckFlags(Supplier<NeedsFsckStatus> flags, String source) {
        this.flags = flags;
        this.source = source;
    }

    /** The flags of the store file {@code store} (none while it does not exist; it is not created). */
    public static NeedsFsckFlags of(Path store) {
        return new NeedsFsckFlags(() -> NeedsFsckStatus.read(store), store.toString());
    }

    @Override
    public List<StatusFlag> of(String target, String lun, DeviceStatus device, String localDevice) {
        if (target == null || lun == null) {
            return List.of();
        }
        List<DeviceFlag> all;
        try {
            all = flags.get().flags();
        } catch (RuntimeException e) {
            return List.of(new StatusFlag("flags-unreadable", "the 'needs fsck' flags of the store " + source
                    + " cannot be read: " + e.getMessage()));
        }
        return all.stream().filter(f -> f.target().value().equals(target) && f.lun().equals(lun))
                .map(f -> new StatusFlag(KEY, NeedsFsckStatus.line(f).substring("needs fsck: ".length())))
                .toList();
    }
}
