package io.lunbridge.protocol.scsi;

import java.util.Map;
import java.util.Optional;

/**
 * Descriptions of the ADDITIONAL SENSE CODE / QUALIFIER pairs (SPC-4 annex) that matter to a block
 * initiator. A few codes are described for any qualifier ("not ready" 04h, "reset" 29h, ...);
 * the exact pair wins when listed.
 */
public final class AdditionalSense {
    private static final Map<Integer, String> EXACT = Map.ofEntries(
            Map.entry(pair(0x00, 0x00), "no additional sense information"),
            Map.entry(pair(0x04, 0x00), "logical unit not ready, cause not reportable"),
            Map.entry(pair(0x04, 0x01), "logical unit is in process of becoming ready"),
            Map.entry(pair(0x04, 0x02), "logical unit not ready, initializing command required"),
            Map.entry(pair(0x04, 0x03), "logical unit not ready, manual intervention required"),
            Map.entry(pair(0x04, 0x0a), "logical unit not accessible, asymmetric access state transition"),
            Map.entry(pair(0x04, 0x0b), "logical unit not accessible, target port in standby state"),
            Map.entry(pair(0x04, 0x0c), "logical unit not accessible, target port in unavailable state"),
            Map.entry(pair(0x0c, 0x00), "write error"),
            Map.entry(pair(0x11, 0x00), "unrecovered read error"),
            Map.entry(pair(0x1a, 0x00), "parameter list length error"),
            Map.entry(pair(0x20, 0x00), "invalid command operation code"),
            Map.entry(pair(0x21, 0x00), "logical block address out of range"),
            Map.entry(pair(0x24, 0x00), "invalid field in CDB"),
            Map.entry(pair(0x25, 0x00), "logical unit not supported"),
            Map.entry(pair(0x26, 0x00), "invalid field in parameter list"),
            Map.entry(pair(0x27, 0x00), "write protected"),
            Map.entry(pair(0x27, 0x07), "space allocation failed write protect"),
            Map.entry(pair(0x29, 0x00), "power on, reset, or bus device reset occurred"),
            Map.entry(pair(0x29, 0x01), "power on occurred"),
            Map.entry(pair(0x29, 0x02), "SCSI bus reset occurred"),
            Map.entry(pair(0x29, 0x03), "bus device reset function occurred"),
            Map.entry(pair(0x29, 0x04), "device internal reset"),
            Map.entry(pair(0x29, 0x07), "I_T nexus loss occurred"),
            Map.entry(pair(0x2a, 0x00), "parameters changed"),
            Map.entry(pair(0x2a, 0x01), "mode parameters changed"),
            Map.entry(pair(0x2a, 0x06), "asymmetric access state changed"),
            Map.entry(pair(0x2a, 0x09), "capacity data has changed"),
            Map.entry(pair(0x2c, 0x00), "command sequence error"),
            Map.entry(pair(0x2f, 0x00), "commands cleared by another initiator"),
            Map.entry(pair(0x38, 0x07), "thin provisioning soft threshold reached"),
            Map.entry(pair(0x3a, 0x00), "medium not present"),
            Map.entry(pair(0x3f, 0x03), "inquiry data has changed"),
            Map.entry(pair(0x3f, 0x0e), "reported LUNs data has changed"),
            Map.entry(pair(0x44, 0x00), "internal target failure"),
            Map.entry(pair(0x47, 0x00), "SCSI parity error"),
            Map.entry(pair(0x4b, 0x00), "data phase error"));

    private static final Map<Integer, String> ANY_QUALIFIER = Map.of(
            0x04, "logical unit not ready",
            0x29, "power on, reset, or bus device reset occurred",
            0x2a, "parameters changed",
            0x3f, "target operating conditions have changed",
            0x3a, "medium not present",
            0x0c, "write error",
            0x11, "unrecovered read error");

    private AdditionalSense() {
    }

    /** The description of ASC/ASCQ, if this table knows it. */
    public static Optional<String> describe(int asc, int ascq) {
        String exact = EXACT.get(pair(asc, ascq));
        return Optional.ofNullable(exact != null ? exact : ANY_QUALIFIER.get(asc));
    }

    /** "unrecovered read error (ASC 0x11, ASCQ 0x00)", or just the codes when unknown. */
    public static String format(int asc, int ascq) {
        String codes = "(ASC " + ScsiBytes.hex2(asc) + ", ASCQ " + ScsiBytes.hex2(ascq) + ")";
        return describe(asc, ascq).map(d -> d + " " + codes).orElse("additional sense " + codes);
    }

    private static int pair(int asc, int ascq) {
        return asc << 8 | ascq;
    }
}
