package io.lunbridge.bridge.kernel;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Which /dev/nbdN an export goes to: the device the kernel still holds configured with the export's
 * backend identifier (its server died or handed it over: take it over with NBD_CMD_RECONFIGURE, same
 * index, size and flags), or a new connection (NBD_CMD_CONNECT). Decided from /sys/block alone, so that
 * it can be tested on a fake tree.
 *
 * <p>Rules: a device whose identifier is another one's is never taken over (it is named in
 * {@link #notes()} when it is a lunbridge device, and a {@code --device} naming it is refused); two
 * devices with this identifier, or one whose size or block size differs from the export's, are refused
 * with an error naming them, since connecting the LUN a second time beside a device that may still be
 * mounted would give one disk two page caches.
 *
 * @param index the device to reconnect, or the one asked for (empty: let the kernel pick a free one)
 * @param reconnect true to hand {@code index} a new socket, false to connect
 * @param notes sentences for the log about devices left alone
 */
public record DeviceChoice(OptionalInt index, boolean reconnect, List<String> notes) {
    /** Identifiers lunbridge gives its devices start with this. */
    public static final String PREFIX = "lunbridge:";

    public DeviceChoice {
        notes = List.copyOf(notes);
        if (reconnect && index.isEmpty()) {
            throw new IllegalArgumentException("a reconnect needs the device index");
        }
    }

    /**
     * Decides for an export with identifier {@code backend}.
     *
     * @param wanted the device the operator named ({@code --device}), if any
     * @throws IOException naming the device when taking over or connecting would be wrong
     */
    public static DeviceChoice decide(NbdSysfs sysfs, String backend, OptionalInt wanted, long sizeBytes,
                                      int blockSize) throws IOException {
        if (backend.isEmpty()) {
            throw new IllegalArgumentException("empty backend identifier");
        }
        List<Integer> mine = new ArrayList<>();
        List<String> others = new ArrayList<>();
        for (int i : sysfs.devices()) {
            Optional<String> b = sysfs.backend(i);
            if (b.isEmpty()) {
                continue;
            }
            if (b.get().equals(backend)) {
                mine.add(i);
            } else {
                if (wanted.isPresent() && wanted.getAsInt() == i) {
                    throw new IOException(NbdDriver.path(i) + " is configured for " + b.get() + ", not for " + backend
                            + ": not taken over (choose another --device, or omit it)");
                }
                if (b.get().startsWith(PREFIX)) {
                    others.add(NbdDriver.path(i) + " (" + b.get() + ")");
                }
            }
        }
        List<String> notes = new ArrayList<>();
        if (!others.isEmpty()) {
            notes.add("not taken over for " + backend + ", configured for other LUNs: " + String.join(", ", others));
        }
        if (mine.isEmpty()) {
            return new DeviceChoice(wanted, false, notes);
        }
        if (mine.size() > 1) {
            throw new IOException(backend + " is configured on several devices: "
                    + String.join(", ", mine.stream().map(NbdDriver::path).toList())
                    + "; detach all but one (lunbridge detach --force /dev/nbdN)");
        }
        int index = mine.get(0);
        String path = NbdDriver.path(index);
        if (wanted.isPresent() && wanted.getAsInt() != index) {
            throw new IOException(backend + " is still configured as " + path + " (waiting for its server); --device "
                    + NbdDriver.path(wanted.getAsInt()) + " names another: omit --device to take " + path
                    + " over, or detach " + path + " first");
        }
        long haveSize = sysfs.sizeBytes(index);
        int haveBlock = sysfs.logicalBlockSize(index);
        if (haveSize != sizeBytes || haveBlock != blockSize) {
            throw new IOException(path + " was configured for " + backend + " with " + haveSize + " bytes in blocks of "
                    + haveBlock + "; the LUN now has " + sizeBytes + " bytes in blocks of " + blockSize
                    + ": not taken over (unmount it and lunbridge detach --force " + path + ")");
        }
        return new DeviceChoice(OptionalInt.of(index), true, notes);
    }
}
