package io.lunbridge.protocol.scsi;

/**
 * Builders for the command descriptor blocks the initiator sends (SPC-4 and SBC-4 layouts). Each
 * returns a fresh array the caller owns; the CONTROL byte is always 0 (no NACA, no linking).
 * Arguments outside what a field can hold, or values that would turn a command into something
 * dangerous (a WRITE SAME of 0 blocks means "to the end of the medium"), are refused with an
 * {@link IllegalArgumentException} naming the command, the argument and the bad value.
 */
public final class Cdbs {
    /** TEST UNIT READY opcode. */
    public static final int TEST_UNIT_READY = 0x00;
    /** INQUIRY opcode. */
    public static final int INQUIRY = 0x12;
    /** READ CAPACITY(10) opcode. */
    public static final int READ_CAPACITY_10 = 0x25;
    /** UNMAP opcode. */
    public static final int UNMAP = 0x42;
    /** MODE SENSE(10) opcode. */
    public static final int MODE_SENSE_10 = 0x5a;
    /** READ(16) opcode. */
    public static final int READ_16 = 0x88;
    /** WRITE(16) opcode. */
    public static final int WRITE_16 = 0x8a;
    /** SYNCHRONIZE CACHE(16) opcode. */
    public static final int SYNCHRONIZE_CACHE_16 = 0x91;
    /** WRITE SAME(16) opcode. */
    public static final int WRITE_SAME_16 = 0x93;
    /** SERVICE ACTION IN(16) opcode (READ CAPACITY(16), GET LBA STATUS). */
    public static final int SERVICE_ACTION_IN_16 = 0x9e;
    /** REPORT LUNS opcode. */
    public static final int REPORT_LUNS = 0xa0;
    /** SERVICE ACTION IN(16) service action READ CAPACITY(16). */
    public static final int SA_READ_CAPACITY_16 = 0x10;
    /** SERVICE ACTION IN(16) service action GET LBA STATUS. */
    public static final int SA_GET_LBA_STATUS = 0x12;

    private static final int FUA = 0x08;

    private Cdbs() {
    }

    /** TEST UNIT READY (SPC-4 6.47): six zero bytes. */
    public static byte[] testUnitReady() {
        return new byte[6];
    }

    /**
     * INQUIRY (SPC-4 6.6).
     *
     * @param evpd false for standard data (then {@code page} must be 0), true for a VPD page
     * @param page VPD page code 0..255
     * @param allocationLength 1..65535 bytes
     */
    public static byte[] inquiry(boolean evpd, int page, int allocationLength) {
        checkRange("INQUIRY", "page", page, 0, 0xff);
        if (!evpd && page != 0) {
            throw new IllegalArgumentException("INQUIRY: page " + ScsiBytes.hex2(page)
                    + " requires evpd=true (standard INQUIRY data has page 0)");
        }
        checkRange("INQUIRY", "allocationLength", allocationLength, 1, 0xffff);
        byte[] cdb = new byte[6];
        cdb[0] = (byte) INQUIRY;
        cdb[1] = (byte) (evpd ? 1 : 0);
        cdb[2] = (byte) page;
        ScsiBytes.put16(cdb, 3, allocationLength);
        return cdb;
    }

    /** REPORT TARGET PORT GROUPS (MAINTENANCE IN, service action 0Ah; SPC-4 6.36), length-only format. */
    public static byte[] reportTargetPortGroups(int allocationLength) {
        byte[] cdb = new byte[12];
        cdb[0] = (byte) 0xa3;
        cdb[1] = 0x0a;
        cdb[6] = (byte) (allocationLength >>> 24);
        cdb[7] = (byte) (allocationLength >>> 16);
        cdb[8] = (byte) (allocationLength >>> 8);
        cdb[9] = (byte) allocationLength;
        return cdb;
    }

    /**
     * REPORT LUNS (SPC-4 6.33) with SELECT REPORT 00h (all logical units that can be addressed).
     *
     * @param allocationLength at least 16 (SPC-4 requires it), at most 2^31-1
     */
    public static byte[] reportLuns(int allocationLength) {
        checkRange("REPORT LUNS", "allocationLength", allocationLength, 16, Integer.MAX_VALUE);
        byte[] cdb = new byte[12];
        cdb[0] = (byte) REPORT_LUNS;
        ScsiBytes.put32(cdb, 6, allocationLength);
        return cdb;
    }

    /** READ CAPACITY(10) (SBC-4 5.20): LBA and PMI are obsolete and left 0. */
    public static byte[] readCapacity10() {
        byte[] cdb = new byte[10];
        cdb[0] = (byte) READ_CAPACITY_10;
        return cdb;
    }

    /**
     * READ CAPACITY(16) (SBC-4 5.21): SERVICE ACTION IN(16) with service action 10h.
     *
     * @param allocationLength 1..2^31-1; 32 returns the whole parameter data
     */
    public static byte[] readCapacity16(int allocationLength) {
        checkRange("READ CAPACITY(16)", "allocationLength", allocationLength, 1, Integer.MAX_VALUE);
        byte[] cdb = new byte[16];
        cdb[0] = (byte) SERVICE_ACTION_IN_16;
        cdb[1] = (byte) SA_READ_CAPACITY_16;
        ScsiBytes.put32(cdb, 10, allocationLength);
        return cdb;
    }

    /** READ(16) (SBC-4 5.16): no protection, no DPO, optional FUA. {@code blocks} 1..2^31-1. */
    public static byte[] read16(long lba, int blocks, boolean fua) {
        return rw16("READ(16)", READ_16, lba, blocks, fua);
    }

    /** WRITE(16) (SBC-4 5.42): no protection, no DPO, optional FUA. {@code blocks} 1..2^31-1. */
    public static byte[] write16(long lba, int blocks, boolean fua) {
        return rw16("WRITE(16)", WRITE_16, lba, blocks, fua);
    }

    /**
     * SYNCHRONIZE CACHE(16) (SBC-4 5.28) with IMMED=0, so GOOD means the data is on stable
     * storage. {@code blocks} 0 means "from {@code lba} to the end of the medium";
     * {@code synchronizeCache16(0, 0)} flushes everything.
     */
    public static byte[] synchronizeCache16(long lba, int blocks) {
        checkLba("SYNCHRONIZE CACHE(16)", lba, blocks, 0);
        byte[] cdb = new byte[16];
        cdb[0] = (byte) SYNCHRONIZE_CACHE_16;
        ScsiBytes.put64(cdb, 2, lba);
        ScsiBytes.put32(cdb, 10, blocks);
        return cdb;
    }

    /**
     * UNMAP (SBC-4 5.32) without ANCHOR; the parameter list comes from {@link UnmapParameterList}.
     *
     * @param parameterListLength 24..65535 (an 8-byte header plus at least one 16-byte descriptor)
     */
    public static byte[] unmap(int parameterListLength) {
        checkRange("UNMAP", "parameterListLength", parameterListLength,
                UnmapParameterList.HEADER_LENGTH + UnmapParameterList.DESCRIPTOR_LENGTH, 0xffff);
        byte[] cdb = new byte[10];
        cdb[0] = (byte) UNMAP;
        ScsiBytes.put16(cdb, 7, parameterListLength);
        return cdb;
    }

    /**
     * WRITE SAME(16) (SBC-4 5.50).
     *
     * @param blocks 1..2^31-1: 0 ("to the end of the medium") is refused as too dangerous
     * @param unmap UNMAP bit: the target may deallocate the blocks instead of writing them
     * @param ndob NDOB bit: no Data-Out buffer, the blocks are written with zeroes
     */
    public static byte[] writeSame16(long lba, int blocks, boolean unmap, boolean ndob) {
        checkLba("WRITE SAME(16)", lba, blocks, 1);
        byte[] cdb = new byte[16];
        cdb[0] = (byte) WRITE_SAME_16;
        cdb[1] = (byte) ((unmap ? 0x08 : 0) | (ndob ? 0x01 : 0));
        ScsiBytes.put64(cdb, 2, lba);
        ScsiBytes.put32(cdb, 10, blocks);
        return cdb;
    }

    /**
     * GET LBA STATUS (SBC-4 5.6): SERVICE ACTION IN(16) with service action 12h.
     *
     * @param allocationLength 24..2^31-1 (an 8-byte header plus one 16-byte descriptor)
     */
    public static byte[] getLbaStatus(long lba, int allocationLength) {
        checkLba("GET LBA STATUS", lba, 0, 0);
        checkRange("GET LBA STATUS", "allocationLength", allocationLength, 24, Integer.MAX_VALUE);
        byte[] cdb = new byte[16];
        cdb[0] = (byte) SERVICE_ACTION_IN_16;
        cdb[1] = (byte) SA_GET_LBA_STATUS;
        ScsiBytes.put64(cdb, 2, lba);
        ScsiBytes.put32(cdb, 10, allocationLength);
        return cdb;
    }

    /**
     * MODE SENSE(10) (SPC-4 6.14) for current values (PC 00b), without long LBA descriptors.
     *
     * @param page page code 0..0x3f (0x3f: all pages)
     * @param subpage subpage code 0..0xff
     * @param allocationLength 8..65535 (at least the mode parameter header)
     * @param dbd true to ask the target not to return block descriptors
     */
    public static byte[] modeSense10(int page, int subpage, int allocationLength, boolean dbd) {
        checkRange("MODE SENSE(10)", "page", page, 0, 0x3f);
        checkRange("MODE SENSE(10)", "subpage", subpage, 0, 0xff);
        checkRange("MODE SENSE(10)", "allocationLength", allocationLength, 8, 0xffff);
        byte[] cdb = new byte[10];
        cdb[0] = (byte) MODE_SENSE_10;
        cdb[1] = (byte) (dbd ? 0x08 : 0);
        cdb[2] = (byte) page;
        cdb[3] = (byte) subpage;
        ScsiBytes.put16(cdb, 7, allocationLength);
        return cdb;
    }

    private static byte[] rw16(String name, int opcode, long lba, int blocks, boolean fua) {
        checkLba(name, lba, blocks, 1);
        byte[] cdb = new byte[16];
        cdb[0] = (byte) opcode;
        cdb[1] = (byte) (fua ? FUA : 0);
        ScsiBytes.put64(cdb, 2, lba);
        ScsiBytes.put32(cdb, 10, blocks);
        return cdb;
    }

    private static void checkLba(String command, long lba, int blocks, int minBlocks) {
        if (lba < 0) {
            throw new IllegalArgumentException(command + ": lba " + lba + " is negative");
        }
        checkRange(command, "blocks", blocks, minBlocks, Integer.MAX_VALUE);
        if (lba > Long.MAX_VALUE - blocks) {
            throw new IllegalArgumentException(command + ": lba " + lba + " + blocks " + blocks
                    + " overflows the 64-bit LBA space");
        }
    }

    private static void checkRange(String command, String field, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(command + ": " + field + " " + value
                    + " out of range " + min + ".." + max);
        }
    }
}
