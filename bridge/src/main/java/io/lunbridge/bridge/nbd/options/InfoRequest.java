package io.lunbridge.bridge.nbd.options;

import java.util.ArrayList;
import java.util.List;

/**
 * Data of NBD_OPT_INFO / NBD_OPT_GO: the export name and the information types requested.
 *
 * @param exportName name as sent ("" = default export)
 * @param infoTypes requested NBD_INFO_* values in order
 */
public record InfoRequest(String exportName, List<Integer> infoTypes) {

    /** Parses the option data (proto.md: name length, name, count, count × 16-bit types). */
    public static InfoRequest parse(byte[] data) throws OptionFormatException {
        OptionData d = new OptionData(data);
        long nameLength = d.u32("export name length");
        if (nameLength > data.length - 6L) {
            throw new OptionFormatException("export name length " + nameLength + " larger than option length "
                    + data.length + " - 6");
        }
        String name = d.string("export name", nameLength);
        int count = d.u16("information request count");
        if (d.remaining() != 2 * count) {
            throw new OptionFormatException("information request count " + count + " does not match the "
                    + d.remaining() + " bytes left");
        }
        List<Integer> types = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            types.add(d.u16("information request"));
        }
        return new InfoRequest(name, List.copyOf(types));
    }

    /** Whether the client asked for an information type. */
    public boolean requested(int infoType) {
        return infoTypes.contains(infoType);
    }
}
