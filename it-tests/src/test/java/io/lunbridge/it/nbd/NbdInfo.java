package io.lunbridge.it.nbd;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What {@code nbdinfo --json URI} reports about one export, with typed access to its flat fields.
 *
 * <p>Why: the server's announcements (size, transmission flags, block sizes, meta contexts) must be
 * checked as a real client decodes them. nbdinfo's JSON for one export is flat apart from the
 * contexts array, so a field lookup by key is enough and needs no JSON library.
 *
 * @param json the full output of {@code nbdinfo --json}
 */
record NbdInfo(String json) {
    private static final Pattern CONTEXTS = Pattern.compile("\"contexts\":\\s*\\[([^\\]]*)\\]");
    private static final Pattern MAP_LINE = Pattern.compile("(?m)^\\s*(\\d+)\\s+(\\d+)\\s+(\\d+)\\s");

    /** Runs {@code nbdinfo --json uri}. */
    static NbdInfo of(String uri) {
        return new NbdInfo(NbdClients.ok("nbdinfo", "--json", uri));
    }

    /**
     * Runs {@code nbdinfo --map uri} (base:allocation) and renders the extents as
     * {@code offset+length=type;…} (type 0 data, 3 hole+zero, 2 zero).
     */
    static String map(String uri) {
        String out = NbdClients.ok("nbdinfo", "--map", uri);
        StringBuilder extents = new StringBuilder();
        Matcher m = MAP_LINE.matcher(out);
        while (m.find()) {
            extents.append(m.group(1)).append('+').append(m.group(2)).append('=').append(m.group(3)).append(';');
        }
        return extents.toString();
    }

    /** The boolean field {@code key} (e.g. can_trim); fails if it is absent. */
    boolean flag(String key) {
        return Boolean.parseBoolean(field(key, "true|false"));
    }

    /** The integer field {@code key} (e.g. export-size); fails if it is absent. */
    long number(String key) {
        return Long.parseLong(field(key, "\\d+"));
    }

    /** The meta contexts the export offers. */
    List<String> contexts() {
        Matcher m = CONTEXTS.matcher(json);
        List<String> names = new ArrayList<>();
        if (m.find()) {
            Matcher s = Pattern.compile("\"([^\"]+)\"").matcher(m.group(1));
            while (s.find()) {
                names.add(s.group(1));
            }
        }
        return names;
    }

    private String field(String key, String valuePattern) {
        Matcher m = Pattern.compile("\"" + Pattern.quote(key) + "\":\\s*(" + valuePattern + ")[,\\s]").matcher(json);
        if (!m.find()) {
            throw new AssertionError("nbdinfo --json has no field \"" + key + "\":\n" + json);
        }
        return m.group(1);
    }

    @Override
    public String toString() {
        return json;
    }
}
