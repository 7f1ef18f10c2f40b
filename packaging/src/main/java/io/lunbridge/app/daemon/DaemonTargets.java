package io.lunbridge.app.daemon;

import io.lunbridge.mpio.MultipathDevice;
import io.lunbridge.protocol.naming.IscsiName;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The daemon's book of targets: the attached ones in attach order, which of them a control request
 * attached ("on request": reloads leave them alone), the automatic targets that failed to attach
 * (with why), and the volume groups of each attached target. Written by the daemon's main thread,
 * read by control-socket threads: every method is synchronized, and what it returns is a copy.
 * A target leaves every part of the book at once ({@link #forget}).
 */
final class DaemonTargets {
    private final List<AttachedTarget> attached = new ArrayList<>();
    private final Set<IscsiName> onRequest = new HashSet<>();
    /** Attached on request through a given portal without being in the store. */
    private final Set<IscsiName> unstored = new HashSet<>();
    private final Map<IscsiName, String> failed = new LinkedHashMap<>();
    private final Map<IscsiName, TargetVolumeGroups> volumeGroups = new LinkedHashMap<>();

    synchronized List<AttachedTarget> attached() {
        return List.copyOf(attached);
    }

    synchronized Optional<AttachedTarget> find(IscsiName name) {
        return attached.stream().filter(t -> t.stored().name().equals(name)).findFirst();
    }

    /**
     * Records {@code a} as attached ({@code requested}: by a control request; {@code stored}: from the
     * store's record), no longer failed.
     */
    synchronized void add(AttachedTarget a, boolean requested, boolean stored) {
        IscsiName name = a.stored().name();
        if (stored) {
            unstored.remove(name);
        } else {
            unstored.add(name);
        }
        attached.add(a);
        failed.remove(name);
        if (requested) {
            onRequest.add(name);
        } else {
            onRequest.remove(name);
        }
    }

    synchronized void volumeGroups(IscsiName name, TargetVolumeGroups vgs) {
        volumeGroups.put(name, vgs);
    }

    synchronized Optional<TargetVolumeGroups> volumeGroupsOf(IscsiName name) {
        return Optional.ofNullable(volumeGroups.get(name));
    }

    /** Removes {@code t} from the book: its attachment, its volume groups and its "on request" mark. */
    synchronized void forget(AttachedTarget t) {
        IscsiName name = t.stored().name();
        attached.remove(t);
        volumeGroups.remove(name);
        onRequest.remove(name);
        unstored.remove(name);
    }

    synchronized boolean unstored(IscsiName name) {
        return unstored.contains(name);
    }

    synchronized boolean onRequest(IscsiName name) {
        return onRequest.contains(name);
    }

    synchronized List<IscsiName> requested() {
        return List.copyOf(onRequest);
    }

    synchronized Map<IscsiName, String> failed() {
        return Map.copyOf(failed);
    }

    synchronized void failed(IscsiName name, String why) {
        failed.put(name, why);
    }

    /** Forgets every failure but those of {@code retried} (the reload attaches those again). */
    synchronized void keepFailures(List<IscsiName> retried) {
        failed.keySet().retainAll(retried);
    }

    /**
     * Every attached target's multipath devices and the number of failed targets, for STATUS=; the
     * devices' states are read outside the lock (a snapshot may wait for a device's loop).
     */
    DeviceCount count() {
        List<MultipathDevice> units = new ArrayList<>();
        int failures;
        synchronized (this) {
            attached.forEach(t -> units.addAll(t.units()));
            failures = failed.size();
        }
        return DeviceCount.of(units, failures);
    }
}
