package io.lunbridge.protocol.pdu;

import static io.lunbridge.protocol.pdu.PduCodec.AHS_EXTENDED_CDB;
import static io.lunbridge.protocol.pdu.PduCodec.BHS_CDB_LENGTH;
import static io.lunbridge.protocol.pdu.PduCodec.BHS_LENGTH;
import static io.lunbridge.protocol.pdu.PduCodec.CONTINUE;
import static io.lunbridge.protocol.pdu.PduCodec.FINAL;
import static io.lunbridge.protocol.pdu.PduCodec.IMMEDIATE;
import static io.lunbridge.protocol.pdu.PduCodec.padding;

import io.netty.buffer.ByteBuf;

/**
 * The wire-to-record half of {@link PduCodec}: reads the BHS and AHS of every PDU type (RFC 7143
 * §11) into its record, checking TotalAHSLength, DataSegmentLength, the opcode and the fields with
 * reserved values. Every violation is a {@link PduFormatException} naming the field, its offset in
 * the header and the value. Pure; the header buffer's indexes are not changed.
 */
final class BhsDecoder {
    private BhsDecoder() {
    }

    /** The record of the PDU whose header is {@code header}; {@code data} becomes its data field. */
    static Pdu decode(ByteBuf header, ByteBuf data) {
        return decodeFields(new Fields(header), data);
    }

    private static Pdu decodeFields(Fields h, ByteBuf data) {
        Opcode opcode = Opcode.of(h.u8(0) & 0x3f);
        int totalAhs = h.u8(4) * 4;
        if (h.length != BHS_LENGTH + totalAhs) {
            throw new PduFormatException("TotalAHSLength", 4, "TotalAHSLength " + totalAhs / 4 + " (" + totalAhs
                    + " bytes) does not match the " + (h.length - BHS_LENGTH) + " AHS bytes given");
        }
        if (totalAhs != 0 && opcode != Opcode.SCSI_COMMAND) {
            throw new PduFormatException("TotalAHSLength", 4, "TotalAHSLength " + totalAhs / 4 + " on " + opcode
                    + ", which defines no AHS");
        }
        int dataSegmentLength = h.u24(5);
        if (dataSegmentLength != data.readableBytes()) {
            throw new PduFormatException("DataSegmentLength", 5, "DataSegmentLength " + dataSegmentLength + " but "
                    + data.readableBytes() + " data bytes given");
        }
        if (dataSegmentLength != 0 && !carriesData(opcode)) {
            throw new PduFormatException("DataSegmentLength", 5, "DataSegmentLength " + dataSegmentLength + " on " + opcode
                    + ", which carries no data segment");
        }
        boolean immediate = (h.u8(0) & IMMEDIATE) != 0;
        int flags = h.u8(1);
        boolean finalBit = (flags & FINAL) != 0;
        boolean continueBit = (flags & CONTINUE) != 0;
        switch (opcode) {
            case NOP_OUT:
                return new NopOut(immediate, h.i64(8), h.i32(16), h.i32(20), h.i32(24), h.i32(28), data);
            case SCSI_COMMAND:
                return decodeScsiCommand(h, immediate, flags, data);
            case TASK_MANAGEMENT_REQUEST:
                return new TaskManagementRequest(immediate, flags & 0x7f, h.i64(8), h.i32(16), h.i32(20),
                        h.i32(24), h.i32(28), h.i32(32), h.i32(36));
            case LOGIN_REQUEST:
                if (!immediate) {
                    throw new PduFormatException("I", 0, "Login Request I bit: 0, must be 1");
                }
                return new LoginRequest(finalBit, continueBit, stage("CSG", flags >> 2 & 3),
                        stage("NSG", flags & 3), h.u8(2), h.u8(3), h.u48(8), h.u16(14), h.i32(16),
                        h.u16(20), h.i32(24), h.i32(28), data);
            case TEXT_REQUEST:
                return new TextRequest(immediate, finalBit, continueBit, h.i64(8), h.i32(16), h.i32(20),
                        h.i32(24), h.i32(28), data);
            case DATA_OUT:
                return new DataOut(finalBit, h.i64(8), h.i32(16), h.i32(20), h.i32(28), h.i32(36),
                        h.i32(40), data);
            case LOGOUT_REQUEST:
                return new LogoutRequest(immediate, flags & 0x7f, h.i32(16), h.u16(20), h.i32(24),
                        h.i32(28));
            case SNACK_REQUEST:
                return new SnackRequest(flags & 0x0f, h.i64(8), h.i32(16), h.i32(20), h.i32(28),
                        h.i32(40), h.i32(44));
            case NOP_IN:
                return new NopIn(h.i64(8), h.i32(16), h.i32(20), h.i32(24), h.i32(28), h.i32(32), data);
            case SCSI_RESPONSE:
                return new ScsiResponse((flags & 0x10) != 0, (flags & 0x08) != 0, (flags & 0x04) != 0,
                        (flags & 0x02) != 0, h.u8(2), h.u8(3), h.i32(16), h.i32(20), h.i32(24),
                        h.i32(28), h.i32(32), h.i32(36), h.i32(40), h.i32(44), data);
            case TASK_MANAGEMENT_RESPONSE:
                return new TaskManagementResponse(h.u8(2), h.i32(16), h.i32(24), h.i32(28), h.i32(32));
            case LOGIN_RESPONSE:
                return new LoginResponse(finalBit, continueBit, stage("CSG", flags >> 2 & 3),
                        stage("NSG", flags & 3), h.u8(2), h.u8(3), h.u48(8), h.u16(14), h.i32(16),
                        h.i32(24), h.i32(28), h.i32(32), h.u8(36), h.u8(37), data);
            case TEXT_RESPONSE:
                return new TextResponse(finalBit, continueBit, h.i64(8), h.i32(16), h.i32(20), h.i32(24),
                        h.i32(28), h.i32(32), data);
            case DATA_IN:
                return new DataIn(finalBit, (flags & 0x40) != 0, (flags & 0x04) != 0,
                        (flags & 0x02) != 0, (flags & 0x01) != 0, h.u8(3), h.i64(8), h.i32(16),
                        h.i32(20), h.i32(24), h.i32(28), h.i32(32), h.i32(36), h.i32(40), h.i32(44), data);
            case LOGOUT_RESPONSE:
                return new LogoutResponse(h.u8(2), h.i32(16), h.i32(24), h.i32(28), h.i32(32),
                        h.u16(40), h.u16(42));
            case R2T:
                return new R2t(h.i64(8), h.i32(16), h.i32(20), h.i32(24), h.i32(28), h.i32(32),
                        h.i32(36), h.i32(40), h.i32(44));
            case ASYNC_MESSAGE:
                return new AsyncMessage(h.i64(8), h.i32(24), h.i32(28), h.i32(32), h.u8(36), h.u8(37),
                        h.u16(38), h.u16(40), h.u16(42), data);
            case REJECT:
                return new Reject(h.u8(2), h.i32(24), h.i32(28), h.i32(32), h.i32(36), data);
            default:
                throw new PduFormatException("opcode", 0, "BHS opcode: unhandled value " + opcode);
        }
    }

    private static Pdu decodeScsiCommand(Fields h, boolean immediate, int flags, ByteBuf data) {
        int attribute = flags & 0x07;
        if (attribute > 4) {
            throw new PduFormatException("ATTR", 1, "SCSI Command ATTR: invalid value " + attribute);
        }
        byte[] cdb = h.bytes(32, BHS_CDB_LENGTH);
        int offset = BHS_LENGTH;
        while (offset < h.length) {
            if (h.length - offset < 4) {
                throw new PduFormatException("AHS", offset, "AHS at header offset " + offset + ": " + (h.length - offset)
                        + " bytes left, an AHS needs at least 4");
            }
            int ahsLength = h.u16(offset);
            int type = h.u8(offset + 2);
            int size = ahsLength + 3;
            if (offset + size > h.length) {
                throw new PduFormatException("AHSLength", offset, "AHSLength " + ahsLength + " at header offset " + offset
                        + " overruns TotalAHSLength " + (h.length - BHS_LENGTH) / 4);
            }
            if (type != AHS_EXTENDED_CDB) {
                throw new PduFormatException("AHSType", offset + 2, "AHSType " + type + " at header offset " + offset
                        + " is not supported (only 1, Extended CDB)");
            }
            if (cdb.length != BHS_CDB_LENGTH) {
                throw new PduFormatException("AHSType", offset + 2, "AHSType 1 (Extended CDB) at header offset " + offset
                        + " appears twice");
            }
            if (ahsLength < 2) {
                throw new PduFormatException("AHSLength", offset, "Extended CDB AHSLength " + ahsLength + ", must be at least 2");
            }
            byte[] longCdb = new byte[BHS_CDB_LENGTH + ahsLength - 1];
            System.arraycopy(cdb, 0, longCdb, 0, BHS_CDB_LENGTH);
            h.copy(offset + 4, longCdb, BHS_CDB_LENGTH, ahsLength - 1);
            cdb = longCdb;
            offset += size + padding(size);
        }
        return new ScsiCommand(immediate, (flags & FINAL) != 0, (flags & 0x40) != 0, (flags & 0x20) != 0,
                attribute, h.i64(8), h.i32(16), h.i32(20), h.i32(24), h.i32(28), cdb, data);
    }

    private static int stage(String field, int value) {
        if (value == 2) {
            throw new PduFormatException(field, 1, "Login " + field + ": reserved value 2");
        }
        return value;
    }

    private static boolean carriesData(Opcode opcode) {
        switch (opcode) {
            case TASK_MANAGEMENT_REQUEST:
            case LOGOUT_REQUEST:
            case SNACK_REQUEST:
            case TASK_MANAGEMENT_RESPONSE:
            case LOGOUT_RESPONSE:
            case R2T:
                return false;
            default:
                return true;
        }
    }

    /** Big-endian field access relative to the header's reader index. */
    private static final class Fields {
        private final ByteBuf buf;
        private final int base;
        final int length;

        Fields(ByteBuf buf) {
            this.buf = buf;
            this.base = buf.readerIndex();
            this.length = buf.readableBytes();
            if (length < BHS_LENGTH) {
                throw new PduFormatException("BHS", 0, "BHS length " + length + ", must be " + BHS_LENGTH);
            }
        }

        int u8(int offset) {
            return buf.getUnsignedByte(base + offset);
        }

        int u16(int offset) {
            return buf.getUnsignedShort(base + offset);
        }

        int u24(int offset) {
            return buf.getUnsignedMedium(base + offset);
        }

        int i32(int offset) {
            return buf.getInt(base + offset);
        }

        long u48(int offset) {
            return (long) u16(offset) << 32 | buf.getUnsignedInt(base + offset + 2);
        }

        long i64(int offset) {
            return buf.getLong(base + offset);
        }

        byte[] bytes(int offset, int count) {
            byte[] result = new byte[count];
            copy(offset, result, 0, count);
            return result;
        }

        void copy(int offset, byte[] dst, int dstIndex, int count) {
            buf.getBytes(base + offset, dst, dstIndex, count);
        }
    }
}
