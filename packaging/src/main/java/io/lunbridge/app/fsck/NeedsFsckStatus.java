package io.lunbridge.app.fsck;

import io.lunbridge.app.status.Json;
import io.lunbridge.app.store.ConfigStore;
import io.lunbridge.app.store.DeviceFlag;
import io.lunbridge.app.store.StoreException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The "needs fsck" part of {@code lunbridge status}: the flags read from the store, so they show
 * whether or not a lunbridge process runs. One line per flagged LUN, e.g.
 * {@code needs fsck: iqn.… lun 1 since 2026-12-04T01:02:03Z (replacement timeout expired, 4 I/Os failed) on /dev/loop0},
 * and for {@code --json} a list of objects (target, lun, since, reason, episodes, failedIos, device).
 *
 * @param flags the flags, by target and LUN
 */
public record NeedsFsckStatus(List<DeviceFlag> flags) {
    public NeedsFsckStatus {
        flags = List.copyOf(flags);
    }

    /**
     * Reads the flags of the store file {@code store}; none when the file does not exist (status
     * creates no store).
     *
     * @throws StoreException when the store exists but cannot be read
     */
    public static NeedsFsckStatus read(Path store) {
        if (!Files.exists(store)) {
            return new NeedsFsckStatus(List.of());
        }
        try (ConfigStore s = ConfigStore.open(store)) {
            return new NeedsFsckStatus(s.deviceFlags());
        }
    }

    /** The text lines, one per flag (none when nothing is flagged). */
    public List<String> lines() {
        List<String> out = new ArrayList<>();
        for (DeviceFlag f : flags) {
            out.add(line(f));
        }
        return out;
    }

    /** One flag as a line of text. */
    public static String line(DeviceFlag f) {
        return "needs fsck: " + f.target() + " lun " + f.lun() + " since " + f.since().truncatedTo(ChronoUnit.SECONDS)
                + " (" + f.reason() + (f.episodes() > 1 ? ", " + f.episodes() + " episodes" : "") + ", "
                + f.failedIos() + (f.failedIos() == 1 ? " I/O" : " I/Os") + " failed)"
                + f.device().map(d -> " on " + d).orElse("") + ": run lunbridge fsck";
    }

    /** The JSON value of {@code status --json}'s {@code needsFsck} field: a list of objects. */
    public String json() {
        List<Object> list = new ArrayList<>();
        for (DeviceFlag f : flags) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("target", f.target().value());
            m.put("lun", f.lun());
            m.put("since", f.since().truncatedTo(ChronoUnit.SECONDS).toString());
            m.put("reason", f.reason());
            m.put("episodes", f.episodes());
            m.put("failedIos", f.failedIos());
            m.put("device", f.device().orElse(null));
            list.add(m);
        }
        return Json.write(list);
    }
}
