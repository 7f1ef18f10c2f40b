package io.lunbridge.mpio;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The paths of one {@link MultipathDevice}, best first: ordered by ALUA priority, then by the order
 * they were given; which of them are usable in a state (a path counts only while it has a session).
 * Owned by the device's event loop; not thread-safe.
 */
final class DevicePaths {
    private final List<LunPath> paths = new ArrayList<>();

    void add(LunPath path) {
        paths.add(path);
        reorder();
    }

    /** Orders paths by ALUA priority (best first), then by the order they were given. */
    void reorder() {
        paths.sort(Comparator.comparingInt((LunPath lp) -> -lp.aluaPriority()).thenComparingInt(lp -> lp.priority));
    }

    /** Every path, best first (the list itself: the caller is on the loop and does not keep it). */
    List<LunPath> all() {
        return paths;
    }

    /** Fills {@code list} with the paths in state {@code wanted} that have a session (no allocation). */
    void fill(List<LunPath> list, PathState wanted) {
        list.clear();
        for (LunPath p : paths) {
            if (p.state() == wanted && p.session() != null) {
                list.add(p);
            }
        }
    }

    /** The paths in state {@code wanted} that have a session, in a new list. */
    List<LunPath> usable(PathState wanted) {
        List<LunPath> list = new ArrayList<>(paths.size());
        fill(list, wanted);
        return list;
    }

    /** Whether any path is usable (ACTIVE or STANDBY, with a session). */
    boolean anyUsable() {
        return !usable(PathState.ACTIVE).isEmpty() || !usable(PathState.STANDBY).isEmpty();
    }

    /** The path a command would prefer now (an ACTIVE one, else a STANDBY one); only when {@link #anyUsable()}. */
    String preview() {
        List<LunPath> a = usable(PathState.ACTIVE);
        return (a.isEmpty() ? usable(PathState.STANDBY) : a).get(0).id();
    }

    /** Every path with its state and reason, for a log line. */
    String reasons() {
        List<String> r = new ArrayList<>();
        for (LunPath p : paths) {
            r.add(p.id() + " " + p.state() + (p.reason() == null ? "" : " (" + p.reason() + ")"));
        }
        return String.join("; ", r);
    }
}
