package io.lunbridge.protocol.discovery.slp;

import java.util.List;
import java.util.Objects;

/**
 * One attribute of an SLP attribute list: a tag with values ({@code (tag=v1,v2)}) or a keyword
 * (a bare tag, no values).
 *
 * @param tag the attribute tag as written (compare case-insensitively)
 * @param values the values, empty for a keyword
 */
public record SlpAttribute(String tag, List<SlpAttributeValue> values) {

    /** Copies the values. */
    public SlpAttribute {
        Objects.requireNonNull(tag, "tag");
        values = List.copyOf(values);
    }

    /** True for a keyword attribute (no values). */
    public boolean isKeyword() {
        return values.isEmpty();
    }

    /** The attribute in list syntax. */
    public String render() {
        if (values.isEmpty()) {
            return tag;
        }
        StringBuilder out = new StringBuilder("(").append(tag).append('=');
        for (int i = 0; i < values.size(); i++) {
            out.append(i == 0 ? "" : ",").append(values.get(i).raw());
        }
        return out.append(')').toString();
    }
}
