package io.lunbridge.protocol.scsi;

/**
 * Describes a CDB for messages ("READ(16) LBA 2048 x 8"), read back from its bytes. The hot path
 * builds no description per command: one is made from the CDB only when a message needs it.
 */
public final class CdbText {
    private CdbText() {
    }

    /** The command's name and, for 16-byte block commands, its LBA and block count. */
    public static String describe(byte[] cdb) {
        if (cdb.length == 0) {
            return "empty CDB";
        }
        int op = cdb[0] & 0xff;
        String name;
        switch (op) {
            case Cdbs.READ_16:
                name = "READ(16)";
                break;
            case Cdbs.WRITE_16:
                name = "WRITE(16)";
                break;
            case Cdbs.SYNCHRONIZE_CACHE_16:
                name = "SYNCHRONIZE CACHE(16)";
                break;
            case Cdbs.WRITE_SAME_16:
                name = "WRITE SAME(16)" + ((cdb.length > 1 && (cdb[1] & 0x08) != 0) ? " UNMAP" : "");
                break;
            default:
                return "SCSI command " + ScsiBytes.hex2(op);
        }
        if (cdb.length < 14) {
            return name;
        }
        return name + " LBA " + Long.toUnsignedString(ScsiBytes.u64(cdb, 2)) + " x " + ScsiBytes.u32(cdb, 10);
    }
}
