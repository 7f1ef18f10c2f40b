package io.lunbridge.protocol.pdu;

import static io.lunbridge.protocol.pdu.PduCodec.AHS_EXTENDED_CDB;
import static io.lunbridge.protocol.pdu.PduCodec.BHS_CDB_LENGTH;
import static io.lunbridge.protocol.pdu.PduCodec.BHS_LENGTH;
import static io.lunbridge.protocol.pdu.PduCodec.CONTINUE;
import static io.lunbridge.protocol.pdu.PduCodec.FINAL;
import static io.lunbridge.protocol.pdu.PduCodec.IMMEDIATE;
import static io.lunbridge.protocol.pdu.PduCodec.padding;
import static io.lunbridge.protocol.pdu.PduCodec.extendedCdbAhsBytes;
import static io.lunbridge.protocol.pdu.PduCodec.totalAhsLength;

import io.netty.buffer.ByteBuf;

/**
 * The record-to-wire half of {@link PduCodec}: writes the BHS (and the Extended CDB AHS of a long
 * CDB) of every PDU type (RFC 7143 §11). A field that does not fit its wire width is a caller bug
 * ({@link IllegalArgumentException}). Writes only to the given buffer, after its writer index.
 */
final class BhsEncoder {
    private BhsEncoder() {
    }

    static void encode(Pdu pdu, ByteBuf out) {
        int dataLength = pdu.data().readableBytes();
        if (dataLength > FramingParameters.MAX_DATA_SEGMENT_LENGTH) {
            throw new IllegalArgumentException("data segment of " + dataLength + " bytes exceeds 2^24-1");
        }
        int ahsWords = totalAhsLength(pdu);
        if (ahsWords > 0xff) {
            throw new IllegalArgumentException("CDB of " + ((ScsiCommand) pdu).cdb().length
                    + " bytes needs TotalAHSLength " + ahsWords + ", more than 255");
        }
        int start = out.writerIndex();
        out.writeZero(BHS_LENGTH);
        Writer w = new Writer(out, start);
        w.u8(0, pdu.opcode().code());
        w.u8(4, ahsWords);
        w.u24(5, dataLength);
        switch (pdu.opcode()) {
            case NOP_OUT: {
                NopOut p = (NopOut) pdu;
                w.immediate(p.immediate());
                w.u8(1, FINAL);
                w.i64(8, p.lun());
                w.i32(16, p.initiatorTaskTag());
                w.i32(20, p.targetTransferTag());
                w.i32(24, p.cmdSn());
                w.i32(28, p.expStatSn());
                break;
            }
            case SCSI_COMMAND:
                encodeScsiCommand((ScsiCommand) pdu, w, out);
                break;
            case TASK_MANAGEMENT_REQUEST: {
                TaskManagementRequest p = (TaskManagementRequest) pdu;
                w.immediate(p.immediate());
                w.u8(1, FINAL | w.bits("TMF function", p.function(), 7));
                w.i64(8, p.lun());
                w.i32(16, p.initiatorTaskTag());
                w.i32(20, p.referencedTaskTag());
                w.i32(24, p.cmdSn());
                w.i32(28, p.expStatSn());
                w.i32(32, p.refCmdSn());
                w.i32(36, p.expDataSn());
                break;
            }
            case LOGIN_REQUEST: {
                LoginRequest p = (LoginRequest) pdu;
                w.immediate(true);
                w.u8(1, w.loginFlags(p.transit(), p.continueFlag(), p.csg(), p.nsg()));
                w.u8(2, w.bits("Version-max", p.versionMax(), 8));
                w.u8(3, w.bits("Version-min", p.versionMin(), 8));
                w.u48(8, p.isid());
                w.u16(14, "TSIH", p.tsih());
                w.i32(16, p.initiatorTaskTag());
                w.u16(20, "CID", p.cid());
                w.i32(24, p.cmdSn());
                w.i32(28, p.expStatSn());
                break;
            }
            case TEXT_REQUEST: {
                TextRequest p = (TextRequest) pdu;
                w.immediate(p.immediate());
                w.u8(1, (p.finalPdu() ? FINAL : 0) | (p.continueFlag() ? CONTINUE : 0));
                w.i64(8, p.lun());
                w.i32(16, p.initiatorTaskTag());
                w.i32(20, p.targetTransferTag());
                w.i32(24, p.cmdSn());
                w.i32(28, p.expStatSn());
                break;
            }
            case DATA_OUT: {
                DataOut p = (DataOut) pdu;
                w.u8(1, p.finalPdu() ? FINAL : 0);
                w.i64(8, p.lun());
                w.i32(16, p.initiatorTaskTag());
                w.i32(20, p.targetTransferTag());
                w.i32(28, p.expStatSn());
                w.i32(36, p.dataSn());
                w.i32(40, p.bufferOffset());
                break;
            }
            case LOGOUT_REQUEST: {
                LogoutRequest p = (LogoutRequest) pdu;
                w.immediate(p.immediate());
                w.u8(1, FINAL | w.bits("Logout reason code", p.reasonCode(), 7));
                w.i32(16, p.initiatorTaskTag());
                w.u16(20, "CID", p.cid());
                w.i32(24, p.cmdSn());
                w.i32(28, p.expStatSn());
                break;
            }
            case SNACK_REQUEST: {
                SnackRequest p = (SnackRequest) pdu;
                w.u8(1, FINAL | w.bits("SNACK type", p.type(), 4));
                w.i64(8, p.lun());
                w.i32(16, p.initiatorTaskTag());
                w.i32(20, p.targetTransferTag());
                w.i32(28, p.expStatSn());
                w.i32(40, p.begRun());
                w.i32(44, p.runLength());
                break;
            }
            case NOP_IN: {
                NopIn p = (NopIn) pdu;
                w.u8(1, FINAL);
                w.i64(8, p.lun());
                w.i32(16, p.initiatorTaskTag());
                w.i32(20, p.targetTransferTag());
                w.window(p);
                break;
            }
            case SCSI_RESPONSE: {
                ScsiResponse p = (ScsiResponse) pdu;
                w.u8(1, FINAL | (p.bidiOverflow() ? 0x10 : 0) | (p.bidiUnderflow() ? 0x08 : 0)
                        | (p.residualOverflow() ? 0x04 : 0) | (p.residualUnderflow() ? 0x02 : 0));
                w.u8(2, w.bits("Response", p.response(), 8));
                w.u8(3, w.bits("Status", p.status(), 8));
                w.i32(16, p.initiatorTaskTag());
                w.i32(20, p.snackTag());
                w.window(p);
                w.i32(36, p.expDataSn());
                w.i32(40, p.bidiResidualCount());
                w.i32(44, p.residualCount());
                break;
            }
            case TASK_MANAGEMENT_RESPONSE: {
                TaskManagementResponse p = (TaskManagementResponse) pdu;
                w.u8(1, FINAL);
                w.u8(2, w.bits("Response", p.response(), 8));
                w.i32(16, p.initiatorTaskTag());
                w.window(p);
                break;
            }
            case LOGIN_RESPONSE: {
                LoginResponse p = (LoginResponse) pdu;
                w.u8(1, w.loginFlags(p.transit(), p.continueFlag(), p.csg(), p.nsg()));
                w.u8(2, w.bits("Version-max", p.versionMax(), 8));
                w.u8(3, w.bits("Version-active", p.versionActive(), 8));
                w.u48(8, p.isid());
                w.u16(14, "TSIH", p.tsih());
                w.i32(16, p.initiatorTaskTag());
                w.window(p);
                w.u8(36, w.bits("Status-Class", p.statusClass(), 8));
                w.u8(37, w.bits("Status-Detail", p.statusDetail(), 8));
                break;
            }
            case TEXT_RESPONSE: {
                TextResponse p = (TextResponse) pdu;
                w.u8(1, (p.finalPdu() ? FINAL : 0) | (p.continueFlag() ? CONTINUE : 0));
                w.i64(8, p.lun());
                w.i32(16, p.initiatorTaskTag());
                w.i32(20, p.targetTransferTag());
                w.window(p);
                break;
            }
            case DATA_IN: {
                DataIn p = (DataIn) pdu;
                w.u8(1, (p.finalPdu() ? FINAL : 0) | (p.acknowledge() ? 0x40 : 0)
                        | (p.residualOverflow() ? 0x04 : 0) | (p.residualUnderflow() ? 0x02 : 0)
                        | (p.statusPresent() ? 0x01 : 0));
                w.u8(3, w.bits("Status", p.status(), 8));
                w.i64(8, p.lun());
                w.i32(16, p.initiatorTaskTag());
                w.i32(20, p.targetTransferTag());
                w.window(p);
                w.i32(36, p.dataSn());
                w.i32(40, p.bufferOffset());
                w.i32(44, p.residualCount());
                break;
            }
            case LOGOUT_RESPONSE: {
                LogoutResponse p = (LogoutResponse) pdu;
                w.u8(1, FINAL);
                w.u8(2, w.bits("Response", p.response(), 8));
                w.i32(16, p.initiatorTaskTag());
                w.window(p);
                w.u16(40, "Time2Wait", p.time2Wait());
                w.u16(42, "Time2Retain", p.time2Retain());
                break;
            }
            case R2T: {
                R2t p = (R2t) pdu;
                w.u8(1, FINAL);
                w.i64(8, p.lun());
                w.i32(16, p.initiatorTaskTag());
                w.i32(20, p.targetTransferTag());
                w.window(p);
                w.i32(36, p.r2tSn());
                w.i32(40, p.bufferOffset());
                w.i32(44, p.desiredDataTransferLength());
                break;
            }
            case ASYNC_MESSAGE: {
                AsyncMessage p = (AsyncMessage) pdu;
                w.u8(1, FINAL);
                w.i64(8, p.lun());
                w.i32(16, Pdu.RESERVED_TAG);
                w.window(p);
                w.u8(36, w.bits("AsyncEvent", p.asyncEvent(), 8));
                w.u8(37, w.bits("AsyncVCode", p.asyncVCode(), 8));
                w.u16(38, "Parameter1", p.parameter1());
                w.u16(40, "Parameter2", p.parameter2());
                w.u16(42, "Parameter3", p.parameter3());
                break;
            }
            case REJECT: {
                Reject p = (Reject) pdu;
                w.u8(1, FINAL);
                w.u8(2, w.bits("Reason", p.reason(), 8));
                w.i32(16, Pdu.RESERVED_TAG);
                w.window(p);
                w.i32(36, p.dataSnOrR2tSn());
                break;
            }
            default:
                throw new IllegalArgumentException("no encoding for opcode " + pdu.opcode());
        }
    }

    private static void encodeScsiCommand(ScsiCommand p, Writer w, ByteBuf out) {
        byte[] cdb = p.cdb();
        w.immediate(p.immediate());
        w.u8(1, (p.finalPdu() ? FINAL : 0) | (p.read() ? 0x40 : 0) | (p.write() ? 0x20 : 0)
                | w.bits("ATTR", p.taskAttribute(), 3));
        w.i64(8, p.lun());
        w.i32(16, p.initiatorTaskTag());
        w.i32(20, p.expectedDataTransferLength());
        w.i32(24, p.cmdSn());
        w.i32(28, p.expStatSn());
        w.bytes(32, cdb, Math.min(cdb.length, BHS_CDB_LENGTH));
        if (cdb.length > BHS_CDB_LENGTH) {
            int extra = cdb.length - BHS_CDB_LENGTH;
            int ahsBytes = extendedCdbAhsBytes(cdb.length);
            out.writeShort(extra + 1);
            out.writeByte(AHS_EXTENDED_CDB);
            out.writeByte(0);
            out.writeBytes(cdb, BHS_CDB_LENGTH, extra);
            out.writeZero(padding(ahsBytes));
        }
    }

    /** Big-endian field writes relative to the start of the BHS being written. */
    private static final class Writer {
        private final ByteBuf out;
        private final int base;

        Writer(ByteBuf out, int base) {
            this.out = out;
            this.base = base;
        }

        void immediate(boolean immediate) {
            if (immediate) {
                out.setByte(base, out.getByte(base) | IMMEDIATE);
            }
        }

        int bits(String field, int value, int width) {
            if (value < 0 || value >= 1 << width) {
                throw new IllegalArgumentException(field + " " + value + " does not fit " + width + " bits");
            }
            return value;
        }

        int loginFlags(boolean transit, boolean continueFlag, int csg, int nsg) {
            return (transit ? FINAL : 0) | (continueFlag ? CONTINUE : 0) | bits("CSG", csg, 2) << 2
                    | bits("NSG", nsg, 2);
        }

        void window(TargetPdu p) {
            i32(24, p.statSn());
            i32(28, p.expCmdSn());
            i32(32, p.maxCmdSn());
        }

        void u8(int offset, int value) {
            out.setByte(base + offset, value);
        }

        void u16(int offset, String field, int value) {
            out.setShort(base + offset, bits(field, value, 16));
        }

        void u24(int offset, int value) {
            out.setMedium(base + offset, value);
        }

        void i32(int offset, int value) {
            out.setInt(base + offset, value);
        }

        void u48(int offset, long value) {
            if (value >>> 48 != 0) {
                throw new IllegalArgumentException("ISID 0x" + Long.toHexString(value) + " does not fit 48 bits");
            }
            out.setShort(base + offset, (int) (value >>> 32));
            out.setInt(base + offset + 2, (int) value);
        }

        void i64(int offset, long value) {
            out.setLong(base + offset, value);
        }

        void bytes(int offset, byte[] src, int length) {
            out.setBytes(base + offset, src, 0, length);
        }
    }
}
