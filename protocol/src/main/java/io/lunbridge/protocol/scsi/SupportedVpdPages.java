package io.lunbridge.protocol.scsi;

import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Supported VPD Pages (VPD page 00h, SPC-4 7.8.16): which VPD pages the logical unit answers, so
 * that optional ones (Block Limits, Logical Block Provisioning) are only asked for when present.
 *
 * @param pages the page codes in reported order
 */
public record SupportedVpdPages(List<Integer> pages) {
    public SupportedVpdPages {
        pages = List.copyOf(pages);
    }

    /** See {@link #parse(byte[])}; reads the readable bytes without consuming them. */
    public static SupportedVpdPages parse(ByteBuf data) {
        return parse(ScsiBytes.readable(data));
    }

    /** Decodes page 00h. */
    public static SupportedVpdPages parse(byte[] data) {
        int end = VpdPage.check(data, VpdPage.SUPPORTED_PAGES, "Supported VPD Pages");
        List<Integer> pages = new ArrayList<>(end - VpdPage.HEADER_LENGTH);
        for (int i = VpdPage.HEADER_LENGTH; i < end; i++) {
            pages.add(ScsiBytes.u8(data, i));
        }
        return new SupportedVpdPages(Collections.unmodifiableList(pages));
    }

    /** Whether the logical unit reports {@code page} as supported. */
    public boolean supports(int page) {
        return pages.contains(page);
    }
}
