package io.lunbridge.bridge.nbd.options;

import java.util.ArrayList;
import java.util.List;

/**
 * Data of NBD_OPT_LIST_META_CONTEXT / NBD_OPT_SET_META_CONTEXT: export name and queries.
 *
 * <p>Query syntax (only the {@code base:} namespace is known here): {@code base:allocation} selects
 * base:allocation; {@code base:} lists it (LIST only, ignored by SET); other leaf names and other
 * namespaces match nothing; a query without a colon is invalid.
 */
public record MetaContextRequest(String exportName, List<String> queries) {

    /** Parses the option data (proto.md: name length, name, query count, count × (length, query)). */
    public static MetaContextRequest parse(byte[] data) throws OptionFormatException {
        OptionData d = new OptionData(data);
        String name = d.string("export name", d.u32("export name length"));
        long count = d.u32("query count");
        if (count > d.remaining() / 4) {
            throw new OptionFormatException("query count " + count + " cannot fit in " + d.remaining() + " bytes");
        }
        List<String> queries = new ArrayList<>();
        for (long i = 0; i < count; i++) {
            String q = d.string("query " + i, d.u32("query " + i + " length"));
            if (q.indexOf(':') <= 0) {
                throw new OptionFormatException("query '" + q + "' does not start with a namespace and a colon");
            }
            queries.add(q);
        }
        d.end("meta context option");
        return new MetaContextRequest(name, List.copyOf(queries));
    }

    /** Contexts to list: all known ones for no query, else those matching a query. */
    public List<String> listed() {
        if (queries.isEmpty() || queries.contains("base:") || queries.contains(OptionCodes.BASE_ALLOCATION)) {
            return List.of(OptionCodes.BASE_ALLOCATION);
        }
        return List.of();
    }

    /** Contexts to select: only exact names; no query selects nothing. */
    public List<String> selected() {
        return queries.contains(OptionCodes.BASE_ALLOCATION) ? List.of(OptionCodes.BASE_ALLOCATION) : List.of();
    }
}
