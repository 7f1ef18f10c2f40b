package io.lunbridge.app.store;

import io.lunbridge.protocol.input.Excerpt;
import io.lunbridge.protocol.scsi.Lun;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The LUNs of a stored target that {@code lunbridge daemon} attaches: all of them (the default), or
 * the numbers listed. Written {@code all} or {@code 0,2} (the store keeps NULL or the list).
 *
 * @param numbers the allowed LUN numbers, empty for all
 */
public record LunAllowList(Optional<SortedSet<Integer>> numbers) {
    /** Every LUN. */
    public static final LunAllowList ALL = new LunAllowList(Optional.empty());
    /** The longest list text: every LUN number, at most five digits and a comma each. */
    public static final int MAX_TEXT_BYTES = (Lun.MAX_NUMBER + 1) * 6;

    public LunAllowList {
        numbers = numbers.map(n -> java.util.Collections.unmodifiableSortedSet(new TreeSet<>(n)));
        if (numbers.isPresent() && numbers.get().isEmpty()) {
            throw new StoreException("luns: expected 'all' or LUN numbers, found an empty list");
        }
    }

    /** Whether {@code lun} may be attached. */
    public boolean allows(Lun lun) {
        return numbers.isEmpty() || (lun.hasNumber() && numbers.get().contains(lun.number()));
    }

    /** {@code all} or the numbers, comma-separated in ascending order. */
    public String text() {
        return numbers.map(n -> n.stream().map(String::valueOf).collect(Collectors.joining(","))).orElse("all");
    }

    /**
     * Parses {@code all} or a comma-separated list of LUN numbers (0..16383).
     *
     * @throws StoreException naming the key {@code luns} and the offending value
     */
    public static LunAllowList parse(String value) {
        if (value.equals("all")) {
            return ALL;
        }
        SortedSet<Integer> n = new TreeSet<>();
        for (String part : value.split(",", -1)) {
            String p = part.strip();
            boolean digits = !p.isEmpty() && p.length() <= 5 && p.chars().allMatch(c -> c >= '0' && c <= '9');
            int number = digits ? Integer.parseInt(p) : -1;
            if (number < 0 || number > Lun.MAX_NUMBER) {
                throw new StoreException("luns: expected 'all' or LUN numbers 0.." + Lun.MAX_NUMBER
                        + " separated by commas, found '" + Excerpt.of(p) + "' in '" + Excerpt.of(value) + "'");
            }
            n.add(number);
        }
        return new LunAllowList(Optional.of(n));
    }
}
