package io.lunbridge.it.store;

import io.lunbridge.app.store.StoredPortal;
import io.lunbridge.app.store.StoredTarget;
import io.lunbridge.protocol.naming.IscsiName;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The crash test's invariant. Each transaction adds or removes one whole batch of targets named
 * {@code ...:b<id>.t<i>.of<size>}; target {@code i} has {@code 1 + i % 3} portals and CHAP when
 * {@code i} is even. A store is consistent when every batch is complete and every target has exactly
 * the portals and CHAP its name implies; its state is then the map batch id → size.
 */
final class Batches {
    private static final Pattern NAME = Pattern.compile("iqn\\.2026-11\\.io\\.lunbridge\\.crash:b(\\d+)\\.t(\\d+)\\.of(\\d+)");

    private final Map<Integer, Integer> sizes;

    private Batches(Map<Integer, Integer> sizes) {
        this.sizes = sizes;
    }

    static List<StoredTarget> targets(int id, int size) {
        List<StoredTarget> out = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            List<StoredPortal> portals = new ArrayList<>();
            for (int p = 0; p < 1 + i % 3; p++) {
                portals.add(StoredPortal.of("198.18." + (i % 200) + "." + (p + 1), 3260));
            }
            IscsiName name = IscsiName.parse("iqn.2026-11.io.lunbridge.crash:b" + id + ".t" + i + ".of" + size);
            out.add(StoredTarget.of(name, portals).withConnection(portals, StoreWriter.chapOf(id, i)));
        }
        return out;
    }

    /**
     * The state of a store's targets.
     *
     * @throws AssertionError naming the first torn batch or target
     */
    static Batches of(List<StoredTarget> stored) {
        Map<Integer, Integer> sizes = new TreeMap<>();
        Map<Integer, Set<Integer>> members = new HashMap<>();
        for (StoredTarget t : stored) {
            Matcher m = NAME.matcher(t.name().value());
            if (!m.matches()) {
                throw new AssertionError("unexpected target " + t.name());
            }
            int id = Integer.parseInt(m.group(1));
            int i = Integer.parseInt(m.group(2));
            int size = Integer.parseInt(m.group(3));
            StoredTarget expected = targets(id, size).get(i);
            if (!expected.equals(t)) {
                throw new AssertionError("torn target " + t + ", expected " + expected);
            }
            Integer before = sizes.put(id, size);
            if (before != null && before != size) {
                throw new AssertionError("batch " + id + " has two sizes");
            }
            members.computeIfAbsent(id, k -> new TreeSet<>()).add(i);
        }
        for (Map.Entry<Integer, Integer> b : sizes.entrySet()) {
            if (members.get(b.getKey()).size() != b.getValue()) {
                throw new AssertionError("torn batch " + b.getKey() + ": " + members.get(b.getKey()).size() + " of "
                        + b.getValue() + " targets present: " + members.get(b.getKey()));
            }
        }
        return new Batches(sizes);
    }

    Map<Integer, Integer> sizes() {
        return sizes;
    }
}
