package io.lunbridge.bridge.nbd;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The immutable set of exports one server offers, resolving canonical names and aliases. Built once
 * at start; every connection reads it without locking.
 */
public final class ExportRegistry {
    private final List<NbdExport> exports;
    private final Map<String, NbdExport> byName;

    /**
     * @throws IllegalArgumentException if two exports share a name or alias (names the duplicate)
     */
    public ExportRegistry(Collection<NbdExport> exports) {
        this.exports = List.copyOf(exports);
        Map<String, NbdExport> names = new LinkedHashMap<>();
        for (NbdExport export : this.exports) {
            List<String> all = new ArrayList<>();
            all.add(export.name());
            all.addAll(export.aliases());
            for (String n : all) {
                NbdExport previous = names.putIfAbsent(n, export);
                if (previous != null && previous != export) {
                    throw new IllegalArgumentException("export name '" + n + "' is used by both '"
                            + previous.name() + "' and '" + export.name() + "'");
                }
            }
        }
        this.byName = Map.copyOf(names);
    }

    /** The export a client named (canonical name or alias; "" is the default export, if any). */
    public Optional<NbdExport> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /** All exports in the order given, for NBD_OPT_LIST. */
    public List<NbdExport> all() {
        return exports;
    }
}
