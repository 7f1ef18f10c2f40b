package io.lunbridge.bridge.nbd.transmission;

import io.lunbridge.block.BlockDevice.Extent;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns the device's allocation extents into base:allocation descriptors for one BLOCK_STATUS
 * request: clipped to the requested range, neighbours with equal status merged, at most one with
 * REQ_ONE. A device answer that leaves a gap is cut at the gap; an answer that covers nothing at the
 * requested offset yields one descriptor with status 0 ("allocated or unknown"), which the protocol
 * permits for any block.
 */
public final class ExtentMapper {
    /** NBD_STATE_HOLE. */
    public static final int STATE_HOLE = 1;
    /** NBD_STATE_ZERO. */
    public static final int STATE_ZERO = 2;

    /** One descriptor: a nonzero length (fits 32 bits unsigned) and its status flags. */
    public record Descriptor(long length, int flags) {
    }

    private ExtentMapper() {
    }

    /** Descriptors for {@code [offset, offset+length)} from {@code extents}. */
    public static List<Descriptor> map(long offset, long length, List<Extent> extents, boolean reqOne) {
        List<Descriptor> out = new ArrayList<>();
        long pos = offset;
        long end = offset + length;
        for (Extent e : extents) {
            if (pos >= end) {
                break;
            }
            long eEnd = e.offset() + e.length();
            if (e.length() <= 0 || eEnd <= pos) {
                continue;
            }
            if (e.offset() > pos) {
                break;
            }
            long len = Math.min(eEnd, end) - pos;
            int flags = (e.allocated() ? 0 : STATE_HOLE) | (e.zero() ? STATE_ZERO : 0);
            if (!out.isEmpty() && out.get(out.size() - 1).flags() == flags) {
                Descriptor last = out.remove(out.size() - 1);
                out.add(new Descriptor(last.length() + len, flags));
            } else {
                out.add(new Descriptor(len, flags));
            }
            pos += len;
        }
        if (out.isEmpty()) {
            out.add(new Descriptor(length, 0));
        }
        if (reqOne && out.size() > 1) {
            return List.of(out.get(0));
        }
        return out;
    }
}
