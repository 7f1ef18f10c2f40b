package io.lunbridge.protocol.discovery.slp;

import io.lunbridge.protocol.input.Excerpt;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A parsed SLP attribute list (RFC 2608 §5):
 * {@code (tag=value,value),(tag=value),keyword}. Values keep their escapes (see
 * {@link SlpAttributeValue}); tags are looked up case-insensitively.
 *
 * @param attributes the attributes in list order
 */
public record SlpAttributes(List<SlpAttribute> attributes) {
    private static final String TAG_FORBIDDEN = "(),\\!<=>~*";

    /** Copies the list. */
    public SlpAttributes {
        attributes = List.copyOf(attributes);
    }

    /** The first attribute with this tag, compared case-insensitively. */
    public Optional<SlpAttribute> get(String tag) {
        return attributes.stream().filter(a -> a.tag().equalsIgnoreCase(tag)).findFirst();
    }

    /** The list in wire syntax. */
    public String render() {
        return attributes.stream().map(SlpAttribute::render).collect(Collectors.joining(","));
    }

    /**
     * Parses an attribute list.
     *
     * @throws SlpFormatException naming the problem and its one-based character position
     */
    public static SlpAttributes parse(String list) {
        List<SlpAttribute> out = new ArrayList<>();
        int i = 0;
        int n = list.length();
        while (i < n) {
            if (list.charAt(i) == '(') {
                int tagEnd = scanTag(list, i + 1, "=");
                if (tagEnd >= n || list.charAt(tagEnd) != '=') {
                    throw bad(list, tagEnd, "expected '=' after the tag");
                }
                List<SlpAttributeValue> values = new ArrayList<>();
                int p = tagEnd + 1;
                while (true) {
                    int end = scanValue(list, p);
                    if (end == p) {
                        throw bad(list, p, "expected a value");
                    }
                    values.add(new SlpAttributeValue(list.substring(p, end)));
                    if (end >= n) {
                        throw bad(list, end, "expected ')' to close the attribute");
                    }
                    p = end + 1;
                    if (list.charAt(end) == ')') {
                        break;
                    }
                }
                out.add(new SlpAttribute(list.substring(i + 1, tagEnd), values));
                i = p;
            } else {
                int end = scanTag(list, i, ",");
                out.add(new SlpAttribute(list.substring(i, end), List.of()));
                i = end;
            }
            if (i < n) {
                if (list.charAt(i) != ',') {
                    throw bad(list, i, "expected ',' between attributes");
                }
                i++;
                if (i == n) {
                    throw bad(list, i, "expected an attribute after ','");
                }
            }
        }
        return new SlpAttributes(out);
    }

    /** Scans a tag from {@code from}; returns the index of the first char after it. */
    private static int scanTag(String list, int from, String terminators) {
        int i = from;
        while (i < list.length() && terminators.indexOf(list.charAt(i)) < 0 && list.charAt(i) != ',') {
            char c = list.charAt(i);
            if (TAG_FORBIDDEN.indexOf(c) >= 0 || c < 0x20 || c == 0x7F) {
                throw bad(list, i, "character '" + c + "' not allowed in an attribute tag");
            }
            i++;
        }
        if (i == from) {
            throw bad(list, i, "expected an attribute tag");
        }
        return i;
    }

    /** Scans a value; returns the index of the ',' or ')' that ends it, or the list's end. */
    private static int scanValue(String list, int from) {
        int i = from;
        while (i < list.length() && list.charAt(i) != ',' && list.charAt(i) != ')') {
            char c = list.charAt(i);
            if (c == '\\') {
                boolean hex = i + 2 < list.length() && Character.digit(list.charAt(i + 1), 16) >= 0
                        && Character.digit(list.charAt(i + 2), 16) >= 0;
                if (!hex) {
                    throw bad(list, i, "expected two hex digits after '\\'");
                }
                i += 3;
                continue;
            }
            if (SlpAttributeValue.reserved(c) || c < 0x20 || c == 0x7F) {
                throw bad(list, i, "character '" + c + "' must be escaped in a value");
            }
            i++;
        }
        return i;
    }

    private static SlpFormatException bad(String list, int index, String problem) {
        return new SlpFormatException("attr-list", index, "attr-list '" + Excerpt.of(list) + "': " + problem + " at character " + (index + 1));
    }
}
