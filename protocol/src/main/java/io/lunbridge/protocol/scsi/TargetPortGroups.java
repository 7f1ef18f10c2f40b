package io.lunbridge.protocol.scsi;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The REPORT TARGET PORT GROUPS parameter data (SPC-4 6.36, length-only format): one descriptor per
 * target port group with its asymmetric access state (ALUA).
 *
 * @param groups the descriptors, in the order the target sent them
 */
public record TargetPortGroups(List<Group> groups) {
    /** Asymmetric access states (SPC-4 table 152) and the priority multipath-tools gives each. */
    public enum State {
        ACTIVE_OPTIMIZED(0x0, 50), ACTIVE_NON_OPTIMIZED(0x1, 10), STANDBY(0x2, 1), UNAVAILABLE(0x3, 0),
        LBA_DEPENDENT(0x4, 5), OFFLINE(0xe, 0), TRANSITIONING(0xf, 0);

        private final int code;
        private final int priority;

        State(int code, int priority) {
            this.code = code;
            this.priority = priority;
        }

        /** Higher is better. */
        public int priority() {
            return priority;
        }

        /** Whether a path in this state may carry I/O at all (ACTIVE states and LBA dependent). */
        public boolean active() {
            return this == ACTIVE_OPTIMIZED || this == ACTIVE_NON_OPTIMIZED || this == LBA_DEPENDENT;
        }

        static State of(int code) {
            for (State s : values()) {
                if (s.code == code) {
                    return s;
                }
            }
            throw new ScsiFormatException("REPORT TARGET PORT GROUPS: reserved asymmetric access state 0x"
                    + Integer.toHexString(code));
        }
    }

    /**
     * One target port group.
     *
     * @param id the TARGET PORT GROUP
     * @param state its asymmetric access state
     * @param preferred the PREF bit
     * @param relativePorts the relative target port identifiers in the group
     */
    public record Group(int id, State state, boolean preferred, List<Integer> relativePorts) {
    }

    /**
     * Parses the parameter data.
     *
     * @throws ScsiFormatException naming the field when it is truncated or malformed
     */
    public static TargetPortGroups parse(byte[] data) {
        if (data.length < 4) {
            throw new ScsiFormatException("REPORT TARGET PORT GROUPS data of " + data.length + " bytes: shorter than "
                    + "its 4-byte header");
        }
        long returnLength = ((data[0] & 0xffL) << 24) | ((data[1] & 0xff) << 16) | ((data[2] & 0xff) << 8) | (data[3] & 0xff);
        int end = (int) Math.min(data.length, 4 + returnLength);
        List<Group> groups = new ArrayList<>();
        int at = 4;
        while (at < end) {
            if (end - at < 8) {
                throw new ScsiFormatException("REPORT TARGET PORT GROUPS: descriptor at byte " + at + " truncated ("
                        + (end - at) + " of 8 header bytes)");
            }
            boolean pref = (data[at] & 0x80) != 0;
            State state = State.of(data[at] & 0x0f);
            int id = ((data[at + 2] & 0xff) << 8) | (data[at + 3] & 0xff);
            int count = data[at + 7] & 0xff;
            if (at + 8 + 4L * count > end) {
                throw new ScsiFormatException("REPORT TARGET PORT GROUPS: group " + id + " claims " + count
                        + " target ports, more than the " + (end - at - 8) / 4 + " the data holds");
            }
            List<Integer> ports = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int p = at + 8 + 4 * i;
                ports.add(((data[p + 2] & 0xff) << 8) | (data[p + 3] & 0xff));
            }
            groups.add(new Group(id, state, pref, List.copyOf(ports)));
            at += 8 + 4 * count;
        }
        return new TargetPortGroups(List.copyOf(groups));
    }

    /** The group with {@code id}. */
    public Optional<Group> group(int id) {
        return groups.stream().filter(g -> g.id() == id).findFirst();
    }

    /** The group a relative target port belongs to. */
    public Optional<Group> groupOfPort(int relativePort) {
        return groups.stream().filter(g -> g.relativePorts().contains(relativePort)).findFirst();
    }
}
