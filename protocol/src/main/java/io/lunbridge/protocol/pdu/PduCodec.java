package io.lunbridge.protocol.pdu;

import io.netty.buffer.ByteBuf;

/**
 * Converts between PDU records and the RFC 7143 §11 wire layout of their basic header segment
 * (BHS, 48 bytes) and additional header segments (AHS). Pure functions without state; framing
 * (digests, padding, length limits) is the business of {@link PduDecoder} and {@link PduEncoder}.
 *
 * <p>Reserved fields are written as zero and ignored when read (RFC 7143 §11.2). The only AHS
 * supported is the Extended CDB AHS of a SCSI Command (CDBs longer than 16 bytes).
 */
public final class PduCodec {
    /** Length of the basic header segment. */
    public static final int BHS_LENGTH = 48;

    /** AHSType of the Extended CDB AHS (RFC 7143 §11.3.5). */
    static final int AHS_EXTENDED_CDB = 1;

    private static final int BHS_CDB_LENGTH = 16;
    private static final int IMMEDIATE = 0x40;
    private static final int FINAL = 0x80;
    private static final int CONTINUE = 0x40;

    private PduCodec() {
    }

    /** Number of zero bytes that pad a segment of {@code length} bytes to a multiple of four. */
    public static int padding(int length) {
        return -length & 3;
    }

    /** TotalAHSLength of a PDU in 4-byte words: non-zero only for SCSI Commands with a long CDB. */
    public static int totalAhsLength(Pdu pdu) {
        if (pdu instanceof ScsiCommand) {
            int cdbLength = ((ScsiCommand) pdu).cdb().length;
            if (cdbLength > BHS_CDB_LENGTH) {
                return (extendedCdbAhsBytes(cdbLength) + 3) / 4;
            }
        }
        return 0;
    }

    /** Length of BHS plus AHS as encoded by {@link #encodeHeader}. */
    public static int headerLength(Pdu pdu) {
        return BHS_LENGTH + 4 * totalAhsLength(pdu);
    }

    /** Extended CDB AHS bytes without padding: 2 length + 1 type + 1 reserved + the extra CDB bytes. */
    private static int extendedCdbAhsBytes(int cdbLength) {
        return 4 + cdbLength - BHS_CDB_LENGTH;
    }

    // ------------------------------------------------------------------ decoding

    /**
     * Parses one PDU.
     *
     * @param header the BHS and AHS (readable bytes exactly 48 + 4 × TotalAHSLength); its indices are
     *     not changed and it is not released
     * @param data the data segment without padding and digest; ownership passes to the returned PDU
     *     (released here if the header is invalid)
     * @throws PduFormatException naming the field and value of the first violation
     */
    public static Pdu decode(ByteBuf header, ByteBuf data) {
        try {
            Pdu pdu = decodeFields(new Fields(header), data);
            if (pdu.data() != data) {
                data.release(); // an empty segment of a PDU type that has no data field
            }
            return pdu;
        } catch (RuntimeException e) {
            data.release();
            throw e;
        }
    }

    private static Pdu decodeFields(Fields h, ByteBuf data) {
        Opcode opcode = Opcode.of(h.u8(0) & 0x3f);
        int totalAhs = h.u8(4) * 4;
        if (h.length != BHS_LENGTH + totalAhs) {
            throw new PduFormatException("TotalAHSLength " + totalAhs / 4 + " (" + totalAhs
                    + " bytes) does not match the " + (h.length - BHS_LENGTH) + " AHS bytes given");
        }
        if (totalAhs != 0 && opcode != Opcode.SCSI_COMMAND) {
            throw new PduFormatException("TotalAHSLength " + totalAhs / 4 + " on " + opcode
                    + ", which defines no AHS");
        }
        int dataSegmentLength = h.u24(5);
        if (dataSegmentLength != data.readableBytes()) {
            throw new PduFormatException("DataSegmentLength " + dataSegmentLength + " but "
                    + data.readableBytes() + " data bytes given");
        }
        if (dataSegmentLength != 0 && !carriesData(opcode)) {
            throw new PduFormatException("DataSegmentLength " + dataSegmentLength + " on " + opcode
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
                    throw new PduFormatException("Login Request I bit: 0, must be 1");
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
                throw new PduFormatException("BHS opcode: unhandled value " + opcode);
        }
    }

    private static Pdu decodeScsiCommand(Fields h, boolean immediate, int flags, ByteBuf data) {
        int attribute = flags & 0x07;
        if (attribute > 4) {
            throw new PduFormatException("SCSI Command ATTR: invalid value " + attribute);
        }
        byte[] cdb = h.bytes(32, BHS_CDB_LENGTH);
        int offset = BHS_LENGTH;
        while (offset < h.length) {
            if (h.length - offset < 4) {
                throw new PduFormatException("AHS at header offset " + offset + ": " + (h.length - offset)
                        + " bytes left, an AHS needs at least 4");
            }
            int ahsLength = h.u16(offset);
            int type = h.u8(offset + 2);
            int size = ahsLength + 3;
            if (offset + size > h.length) {
                throw new PduFormatException("AHSLength " + ahsLength + " at header offset " + offset
                        + " overruns TotalAHSLength " + (h.length - BHS_LENGTH) / 4);
            }
            if (type != AHS_EXTENDED_CDB) {
                throw new PduFormatException("AHSType " + type + " at header offset " + offset
                        + " is not supported (only 1, Extended CDB)");
            }
            if (cdb.length != BHS_CDB_LENGTH) {
                throw new PduFormatException("AHSType 1 (Extended CDB) at header offset " + offset
                        + " appears twice");
            }
            if (ahsLength < 2) {
                throw new PduFormatException("Extended CDB AHSLength " + ahsLength + ", must be at least 2");
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
            throw new PduFormatException("Login " + field + ": reserved value 2");
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
                throw new PduFormatException("BHS length " + length + ", must be " + BHS_LENGTH);
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

    // ------------------------------------------------------------------ encoding

    /**
     * Appends the BHS (and the Extended CDB AHS of a long CDB) of {@code pdu} to {@code out}, with
     * TotalAHSLength and DataSegmentLength = {@code pdu.data().readableBytes()}. Neither the
     * data segment nor digests nor padding are written.
     *
     * @throws IllegalArgumentException if a field does not fit its wire width (a caller bug)
     */
    public static void encodeHeader(Pdu pdu, ByteBuf out) {
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
