package io.lunbridge.app.daemon;

import io.lunbridge.app.store.StoredTarget;
import io.lunbridge.protocol.naming.IscsiName;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a reload (SIGHUP) changes: targets attached now that the store no longer marks automatic
 * (removed, or set to manual) are detached; automatic targets not attached (new, or failed before)
 * are attached; a target whose stored record changed (portals, CHAP, LUN allow-list, ...) is
 * detached and attached again. Every other target is left alone.
 *
 * @param detach targets to detach, in the order they were attached (the daemon detaches in reverse)
 * @param attach targets to attach, in store order
 * @param unchanged targets left as they are
 */
public record ReloadPlan(List<IscsiName> detach, List<StoredTarget> attach, List<IscsiName> unchanged) {
    public ReloadPlan {
        detach = List.copyOf(detach);
        attach = List.copyOf(attach);
        unchanged = List.copyOf(unchanged);
    }

    /** The plan from what is {@code attached} (in attach order) to what the store marks {@code automatic}. */
    public static ReloadPlan between(List<StoredTarget> attached, List<StoredTarget> automatic) {
        Map<IscsiName, StoredTarget> wanted = new LinkedHashMap<>();
        automatic.forEach(t -> wanted.put(t.name(), t));
        Map<IscsiName, StoredTarget> now = new LinkedHashMap<>();
        attached.forEach(t -> now.put(t.name(), t));
        List<IscsiName> detach = new ArrayList<>();
        List<IscsiName> unchanged = new ArrayList<>();
        for (StoredTarget t : attached) {
            StoredTarget w = wanted.get(t.name());
            if (w == null || !w.equals(t)) {
                detach.add(t.name());
            } else {
                unchanged.add(t.name());
            }
        }
        List<StoredTarget> attach = new ArrayList<>();
        for (StoredTarget w : automatic) {
            StoredTarget t = now.get(w.name());
            if (t == null || !t.equals(w)) {
                attach.add(w);
            }
        }
        return new ReloadPlan(detach, attach, unchanged);
    }

    /** Whether the reload changes nothing. */
    public boolean empty() {
        return detach.isEmpty() && attach.isEmpty();
    }

    /** {@code detach 1 (a), attach 2 (b, c), 1 unchanged}. */
    public String describe() {
        return "detach " + detach.size() + names(detach) + ", attach " + attach.size()
                + names(attach.stream().map(StoredTarget::name).toList()) + ", " + unchanged.size() + " unchanged";
    }

    private static String names(List<IscsiName> n) {
        return n.isEmpty() ? "" : " (" + String.join(", ", n.stream().map(IscsiName::value).toList()) + ")";
    }
}
