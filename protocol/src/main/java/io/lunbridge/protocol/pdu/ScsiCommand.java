package io.lunbridge.protocol.pdu;

import io.netty.buffer.ByteBuf;

/**
 * SCSI Command (RFC 7143 §11.3). CDBs longer than 16 bytes are carried in an Extended CDB AHS by the
 * codec. Immediate data, if any, is the data segment.
 *
 * @param immediate I bit
 * @param finalPdu F bit: no unsolicited Data-Out follows
 * @param read R bit
 * @param write W bit
 * @param taskAttribute ATTR (0 untagged, 1 simple, 2 ordered, 3 head of queue, 4 ACA)
 * @param lun raw 8-byte LUN field
 * @param initiatorTaskTag ITT
 * @param expectedDataTransferLength expected transfer length in bytes
 * @param cmdSn CmdSN
 * @param expStatSn ExpStatSN
 * @param cdb the CDB, at least 16 bytes in the wire form (shorter CDBs are zero-padded by the codec)
 * @param data immediate data
 */
public record ScsiCommand(boolean immediate, boolean finalPdu, boolean read, boolean write,
                          int taskAttribute, long lun, int initiatorTaskTag,
                          int expectedDataTransferLength, int cmdSn, int expStatSn, byte[] cdb,
                          ByteBuf data) implements Pdu {
    /** Simple task attribute, what the initiator uses for ordinary I/O. */
    public static final int ATTR_SIMPLE = 1;

    public ScsiCommand {
        if (cdb == null || cdb.length == 0 || cdb.length > 16 + 1020) {
            throw new IllegalArgumentException("CDB length " + (cdb == null ? "null" : cdb.length));
        }
    }

    @Override
    public Opcode opcode() {
        return Opcode.SCSI_COMMAND;
    }
}
