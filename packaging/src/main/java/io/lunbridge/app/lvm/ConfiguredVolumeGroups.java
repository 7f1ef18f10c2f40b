package io.lunbridge.app.lvm;

import io.lunbridge.app.store.StoredTarget;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The volume groups the store configures ({@code vgs=} per target) with what LVM says of their
 * boot-time autoactivation, for {@code lunbridge status}: the warnings on stderr
 * ({@link AutoactivationWarnings}) and the top-level {@code volumeGroups} list of
 * {@code status --json}, so both come from one {@code vgs} run.
 *
 * @param entries one per configured VG, in store order
 * @param problem why autoactivation is unknown (lvm2 missing or failing), if it is
 */
public record ConfiguredVolumeGroups(List<Entry> entries, Optional<String> problem) {
    /**
     * One configured VG.
     *
     * @param target the target whose {@code vgs=} names it
     * @param name the VG
     * @param autoactivation whether LVM would activate it at boot; empty when lvm does not show it or could not be asked
     */
    public record Entry(String target, String name, Optional<Boolean> autoactivation) {
    }

    public ConfiguredVolumeGroups {
        entries = List.copyOf(entries);
    }

    /** The VGs of {@code targets}; {@code vgs} is run only when one is configured. */
    public static ConfiguredVolumeGroups of(List<StoredTarget> targets, Lvm lvm) {
        if (targets.stream().allMatch(t -> t.volumeGroups().isEmpty())) {
            return new ConfiguredVolumeGroups(List.of(), Optional.empty());
        }
        Map<String, Boolean> auto = Map.of();
        Optional<String> problem = Optional.empty();
        try {
            auto = lvm.autoactivation();
        } catch (LvmException e) {
            problem = Optional.of("cannot check whether the configured volume groups auto-activate at boot: "
                    + e.getMessage());
        }
        List<Entry> out = new ArrayList<>();
        for (StoredTarget t : targets) {
            for (String vg : t.volumeGroups().names()) {
                out.add(new Entry(t.name().value(), vg, Optional.ofNullable(auto.get(vg))));
            }
        }
        return new ConfiguredVolumeGroups(out, problem);
    }

    /** The warning about {@code e}, if any: it would auto-activate at boot. */
    public static Optional<String> warning(Entry e) {
        return e.autoactivation().filter(a -> a).map(a -> "volume group " + e.name() + " (target " + e.target()
                + ") would still auto-activate at boot; run 'lunbridge vg prepare " + e.name()
                + "' (vgchange --setautoactivation n)");
    }

    /** The problem, then one warning per VG that would auto-activate. */
    public List<String> warnings() {
        List<String> w = new ArrayList<>();
        problem.ifPresent(w::add);
        entries.forEach(e -> warning(e).ifPresent(w::add));
        return w;
    }

    /** The JSON value: per VG {@code {target, name, autoactivation (true|false|null), warning (text|null)}}. */
    public List<Object> json() {
        List<Object> list = new ArrayList<>();
        for (Entry e : entries) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("target", e.target());
            m.put("name", e.name());
            m.put("autoactivation", e.autoactivation().orElse(null));
            m.put("warning", warning(e).or(() -> problem).orElse(null));
            list.add(m);
        }
        return list;
    }
}
