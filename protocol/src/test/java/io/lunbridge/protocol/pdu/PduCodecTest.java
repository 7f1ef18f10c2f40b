package io.lunbridge.protocol.pdu;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

/**
 * Byte vectors laid out by hand from the RFC 7143 §11 field tables (one 4-byte row per line),
 * decoded to the expected record and the record encoded back to the same bytes.
 */
class PduCodecTest {
    private static final long LUN1 = 0x0001_0000_0000_0000L;
    private static final String ZERO16 = "00000000 00000000 00000000 00000000";

    private static ByteBuf data(String text) {
        return Unpooled.copiedBuffer(text, US_ASCII);
    }

    private static ByteBuf data(byte[] bytes) {
        return Unpooled.wrappedBuffer(bytes);
    }

    /** Decodes header + data, compares with expected, encodes both records back to the header. */
    private static Pdu check(String headerHex, Pdu expected) {
        byte[] header = Hex.bytes(headerHex);
        // A real buffer even when empty, so that the refCnt check below can fail.
        ByteBuf data = Unpooled.buffer(expected.data().readableBytes()).writeBytes(expected.data().duplicate());
        Pdu decoded = PduCodec.decode(Unpooled.wrappedBuffer(header), data);
        if (expected instanceof ScsiCommand) {
            assertScsiCommandEquals((ScsiCommand) expected, (ScsiCommand) decoded);
        } else {
            assertEquals(expected, decoded);
        }
        assertEquals(expected.initiatorTaskTag(), decoded.initiatorTaskTag());
        assertEquals(header.length, PduCodec.headerLength(expected));
        assertEquals(Hex.of(header), encode(expected), "encoding of the expected record");
        assertEquals(Hex.of(header), encode(decoded), "encoding of the decoded record");
        decoded.release();
        assertEquals(0, data.refCnt(), "the decoded PDU owned the data");
        return decoded;
    }

    private static String encode(Pdu pdu) {
        ByteBuf out = Unpooled.buffer();
        out.writeByte(0x99); // encodeHeader appends at the writer index
        PduCodec.encodeHeader(pdu, out);
        assertEquals(0x99, out.readUnsignedByte());
        return Hex.of(out);
    }

    private static void assertScsiCommandEquals(ScsiCommand e, ScsiCommand a) {
        assertEquals(e.immediate(), a.immediate());
        assertEquals(e.finalPdu(), a.finalPdu());
        assertEquals(e.read(), a.read());
        assertEquals(e.write(), a.write());
        assertEquals(e.taskAttribute(), a.taskAttribute());
        assertEquals(e.lun(), a.lun());
        assertEquals(e.initiatorTaskTag(), a.initiatorTaskTag());
        assertEquals(e.expectedDataTransferLength(), a.expectedDataTransferLength());
        assertEquals(e.cmdSn(), a.cmdSn());
        assertEquals(e.expStatSn(), a.expStatSn());
        assertEquals(Hex.of(e.cdb()), Hex.of(a.cdb()));
        assertEquals(e.data(), a.data());
    }

    // ------------------------------------------------------------------ initiator PDUs

    @Test
    void nopOut() {
        check("40800000" // I | 0x00; F; reserved
                        + "00000004" // TotalAHSLength 0; DataSegmentLength 4
                        + "00010000 00000000" // LUN 1
                        + "11223344" // ITT
                        + "ffffffff" // TTT
                        + "00000010" // CmdSN
                        + "00000020" // ExpStatSN
                        + ZERO16,
                new NopOut(true, LUN1, 0x11223344, -1, 0x10, 0x20, data("ping")));
    }

    @Test
    void nopOutAnsweringATargetPing() {
        check("40800000 00000000 00000000 00000000 ffffffff 0000abcd 00000011 00000022" + ZERO16,
                new NopOut(true, 0, Pdu.RESERVED_TAG, 0xabcd, 0x11, 0x22, Unpooled.EMPTY_BUFFER));
    }

    @Test
    void scsiCommandRead10() {
        check("01c10000" // 0x01 not immediate; F R ATTR=1 (simple)
                        + "00000000" // no AHS, no data
                        + "00010000 00000000" // LUN 1
                        + "00000007" // ITT
                        + "00001000" // Expected Data Transfer Length 4096
                        + "0000000a" // CmdSN
                        + "0000000b" // ExpStatSN
                        + "28000000 00100000 08000000 00000000", // READ(10) LBA 0x10, 8 blocks
                new ScsiCommand(false, true, true, false, ScsiCommand.ATTR_SIMPLE, LUN1, 7, 4096, 10, 11,
                        Hex.bytes("28000000 00100000 08000000 00000000"), Unpooled.EMPTY_BUFFER));
    }

    @Test
    void scsiCommandWriteWithImmediateData() {
        check("41a10000" // I | 0x01; F W ATTR=1
                        + "00000008" // DataSegmentLength 8 (immediate data)
                        + "00010000 00000000 00000008 00000008 0000000c 0000000d"
                        + "2a000000 00000000 01000000 00000000", // WRITE(10)
                new ScsiCommand(true, true, false, true, 1, LUN1, 8, 8, 12, 13,
                        Hex.bytes("2a000000 00000000 01000000 00000000"), data("abcdefgh")));
    }

    @Test
    void scsiCommandWithExtendedCdbAhs() {
        // 32-byte CDB: 16 in the BHS, 16 in an Extended CDB AHS whose AHSLength is 17 (CDB length - 15).
        byte[] cdb = new byte[32];
        for (int i = 0; i < cdb.length; i++) {
            cdb[i] = (byte) (0x7f + i);
        }
        String cdbHex = Hex.of(cdb);
        check("01c10000"
                        + "05000000" // TotalAHSLength 5 words (20 bytes), no data
                        + "00010000 00000000 00000009 00000200 0000000e 0000000f"
                        + cdbHex.substring(0, 32)
                        + "00110100" // AHSLength 17, AHSType 1, reserved
                        + cdbHex.substring(32),
                new ScsiCommand(false, true, true, false, 1, LUN1, 9, 512, 14, 15, cdb, Unpooled.EMPTY_BUFFER));
    }

    @Test
    void scsiCommandWithPaddedExtendedCdbAhs() {
        // 18-byte CDB: AHS = 4 header bytes + 2 CDB bytes + 2 padding bytes = 2 words.
        byte[] cdb = Hex.bytes("c0c1c2c3 c4c5c6c7 c8c9cacb cccdcecf d0d1");
        check("01c10000 02000000 00010000 00000000 00000009 00000200 0000000e 0000000f"
                        + "c0c1c2c3 c4c5c6c7 c8c9cacb cccdcecf"
                        + "00030100" // AHSLength 3, type 1
                        + "d0d10000", // 2 CDB bytes + padding
                new ScsiCommand(false, true, true, false, 1, LUN1, 9, 512, 14, 15, cdb, Unpooled.EMPTY_BUFFER));
    }

    @Test
    void shortCdbIsZeroPaddedTo16Bytes() {
        ScsiCommand testUnitReady = new ScsiCommand(false, true, false, false, 1, 0, 3, 0, 1, 2,
                new byte[6], Unpooled.EMPTY_BUFFER);
        String encoded = encode(testUnitReady);
        assertEquals(96, encoded.length());
        assertEquals("00000000000000000000000000000000", encoded.substring(64));
        ScsiCommand decoded = (ScsiCommand) PduCodec.decode(Unpooled.wrappedBuffer(Hex.bytes(encoded)),
                Unpooled.EMPTY_BUFFER);
        assertEquals(16, decoded.cdb().length);
    }

    @Test
    void taskManagementRequest() {
        check("42810000" // I | 0x02; F | function 1 (ABORT TASK)
                        + "00000000 00010000 00000000"
                        + "00000020" // ITT
                        + "00000007" // Referenced Task Tag
                        + "0000000c 0000000b" // CmdSN, ExpStatSN
                        + "0000000a" // RefCmdSN
                        + "00000003" // ExpDataSN
                        + "00000000 00000000",
                new TaskManagementRequest(true, TaskManagementRequest.ABORT_TASK, LUN1, 0x20, 7, 12, 11, 10, 3));
    }

    @Test
    void loginRequest() {
        String text = "InitiatorName=iqn.x\0SessionType=Normal\0";
        check("43870000" // I | 0x03 (always immediate); T, CSG 1, NSG 3; Version-max 0, Version-min 0
                        + String.format("%08x", text.length())
                        + "40000137 0000" // ISID 0x400001370000
                        + "0002" // TSIH
                        + "00000000" // ITT
                        + "00010000" // CID 1, reserved
                        + "00000001 00000005" // CmdSN, ExpStatSN
                        + ZERO16,
                new LoginRequest(true, false, 1, 3, 0, 0, 0x4000_0137_0000L, 2, 0, 1, 1, 5, data(text)));
    }

    @Test
    void loginRequestSecurityStageWithContinue() {
        check("43400000 00000000 40000137 00000000 00000001 00000000 00000001 00000000" + ZERO16,
                new LoginRequest(false, true, 0, 0, 0, 0, 0x4000_0137_0000L, 0, 1, 0, 1, 0,
                        Unpooled.EMPTY_BUFFER));
    }

    @Test
    void textRequest() {
        check("44800000" // I | 0x04; F
                        + "00000010" // 16 bytes of text
                        + "00000000 00000000"
                        + "00000001 ffffffff 00000002 00000003" + ZERO16,
                new TextRequest(true, true, false, 0, 1, -1, 2, 3, data("SendTargets=All\0")));
    }

    @Test
    void dataOut() {
        check("05800000" // 0x05; F
                        + "00000008 00010000 00000000"
                        + "00000007" // ITT
                        + "00001234" // TTT from the R2T
                        + "00000000" // reserved
                        + "00000005" // ExpStatSN
                        + "00000000" // reserved
                        + "00000002" // DataSN
                        + "00002000" // Buffer Offset
                        + "00000000",
                new DataOut(true, LUN1, 7, 0x1234, 5, 2, 0x2000, data("12345678")));
    }

    @Test
    void logoutRequest() {
        check("46800000" // I | 0x06; F | reason 0 (close session)
                        + "00000000 00000000 00000000"
                        + "00000009" // ITT
                        + "00030000" // CID 3
                        + "0000000d 0000000e" + ZERO16,
                new LogoutRequest(true, LogoutRequest.CLOSE_SESSION, 9, 3, 13, 14));
    }

    @Test
    void logoutRequestRemoveConnectionForRecovery() {
        check("06820000 00000000 00000000 00000000 00000009 00010000 0000000d 0000000e" + ZERO16,
                new LogoutRequest(false, LogoutRequest.REMOVE_CONNECTION_FOR_RECOVERY, 9, 1, 13, 14));
    }

    @Test
    void snackRequest() {
        check("10810000" // 0x10; F | type 1 (status)
                        + "00000000 00010000 00000000"
                        + "ffffffff" // ITT reserved for status SNACK
                        + "00000000" // SNACK tag
                        + "00000000"
                        + "00000004" // ExpStatSN
                        + "00000000 00000000"
                        + "00000002" // BegRun
                        + "00000001", // RunLength
                new SnackRequest(1, LUN1, -1, 0, 4, 2, 1));
    }

    // ------------------------------------------------------------------ target PDUs

    @Test
    void nopIn() {
        check("20800000 00000004 00000000 00000000"
                        + "11223344 ffffffff"
                        + "00000021 00000011 00000030" // StatSN, ExpCmdSN, MaxCmdSN
                        + "00000000 00000000 00000000",
                new NopIn(0, 0x11223344, -1, 0x21, 0x11, 0x30, data("ping")));
    }

    @Test
    void scsiResponseWithSense() {
        byte[] sense = Hex.bytes("0012 70000500 0000000a 00000000 24000000 0000"); // SenseLength 18 + sense
        check("21820002" // 0x21; F | U; Response 0; Status 0x02 CHECK CONDITION
                        + "00000014 00000000 00000000"
                        + "00000007" // ITT
                        + "00000000" // SNACK Tag
                        + "00000005 00000006 00000025" // StatSN, ExpCmdSN, MaxCmdSN
                        + "00000001" // ExpDataSN
                        + "00000000" // Bidirectional Read Residual Count
                        + "00000200", // Residual Count
                new ScsiResponse(false, false, false, true, 0, 2, 7, 0, 5, 6, 0x25, 1, 0, 0x200, data(sense)));
    }

    @Test
    void scsiResponseBidiFlags() {
        check("219c0100 00000000 00000000 00000000 00000007 00000000 00000005 00000006 00000025"
                        + "00000000 00000010 00000020",
                new ScsiResponse(true, true, true, false, 1, 0, 7, 0, 5, 6, 0x25, 0, 0x10, 0x20,
                        Unpooled.EMPTY_BUFFER));
    }

    @Test
    void taskManagementResponse() {
        check("22800500" // Response 5: function not supported
                        + "00000000 00000000 00000000 00000020 00000000 00000005 00000006 00000025"
                        + "00000000 00000000 00000000",
                new TaskManagementResponse(5, 0x20, 5, 6, 0x25));
    }

    @Test
    void loginResponse() {
        String text = "TargetPortalGroupTag=1\0"; // 23 bytes: the framing adds one byte of padding
        check("23870000" // T, CSG 1, NSG 3; Version-max 0, Version-active 0
                        + "00000017"
                        + "40000137 0000" // ISID
                        + "0001" // TSIH
                        + "00000000 00000000"
                        + "00000001 00000001 00000020" // StatSN, ExpCmdSN, MaxCmdSN
                        + "0000" // Status-Class 0, Status-Detail 0
                        + "0000 00000000 00000000",
                new LoginResponse(true, false, 1, 3, 0, 0, 0x4000_0137_0000L, 1, 0, 1, 1, 0x20, 0, 0, data(text)));
    }

    @Test
    void loginResponseAuthenticationFailure() {
        check("23000000 00000000 40000137 00000000 00000000 00000000 00000000 00000001 00000001"
                        + "0201" // Status-Class 2 (initiator error), Status-Detail 1 (authentication failure)
                        + "0000 00000000 00000000",
                new LoginResponse(false, false, 0, 0, 0, 0, 0x4000_0137_0000L, 0, 0, 0, 1, 1, 2, 1,
                        Unpooled.EMPTY_BUFFER));
    }

    @Test
    void textResponse() {
        String text = "TargetName=iqn.x\0TargetAddress=198.18.10.2:3260,1\0";
        check("24800000" + String.format("%08x", text.length())
                        + "00000000 00000000 00000001 ffffffff 00000002 00000003 00000012"
                        + "00000000 00000000 00000000",
                new TextResponse(true, false, 0, 1, -1, 2, 3, 0x12, data(text)));
    }

    @Test
    void textResponseWithMoreToCome() {
        check("24400000 00000000 00000000 00000000 00000001 00000777 00000002 00000003 00000012"
                        + "00000000 00000000 00000000",
                new TextResponse(false, true, 0, 1, 0x777, 2, 3, 0x12, Unpooled.EMPTY_BUFFER));
    }

    @Test
    void dataInWithStatus() {
        check("25830000" // F | U | S; Status GOOD
                        + "00000008 00010000 00000000"
                        + "00000007 ffffffff"
                        + "00000005 00000006 00000025" // StatSN, ExpCmdSN, MaxCmdSN
                        + "00000000" // DataSN
                        + "00000000" // Buffer Offset
                        + "00000ff8", // Residual Count
                new DataIn(true, false, false, true, true, 0, LUN1, 7, -1, 5, 6, 0x25, 0, 0, 0xff8,
                        data("abcdefgh")));
    }

    @Test
    void dataInWithoutStatusAskingForAck() {
        check("25400000 00000004 00010000 00000000 00000007 00000042 00000000 00000006 00000025"
                        + "00000003 00006000 00000000",
                new DataIn(false, true, false, false, false, 0, LUN1, 7, 0x42, 0, 6, 0x25, 3, 0x6000, 0,
                        data("wxyz")));
    }

    @Test
    void logoutResponse() {
        check("26800000 00000000 00000000 00000000"
                        + "00000009 00000000"
                        + "00000007 00000008 00000027"
                        + "00000000"
                        + "0002" // Time2Wait
                        + "0014" // Time2Retain
                        + "00000000",
                new LogoutResponse(0, 9, 7, 8, 0x27, 2, 20));
    }

    @Test
    void r2t() {
        check("31800000 00000000 00010000 00000000"
                        + "00000007 00001234"
                        + "00000005 00000006 00000025"
                        + "00000000" // R2TSN
                        + "00010000" // Buffer Offset
                        + "00040000", // Desired Data Transfer Length
                new R2t(LUN1, 7, 0x1234, 5, 6, 0x25, 0, 0x10000, 0x40000));
    }

    @Test
    void asyncMessage() {
        check("32800000 00000000 00000000 00000000"
                        + "ffffffff 00000000"
                        + "00000005 00000006 00000025"
                        + "01" // AsyncEvent 1: target requests logout
                        + "00" // AsyncVCode
                        + "0001 0002 0003" // Parameter1..3
                        + "00000000",
                new AsyncMessage(0, 5, 6, 0x25, AsyncMessage.LOGOUT_REQUESTED, 0, 1, 2, 3,
                        Unpooled.EMPTY_BUFFER));
    }

    @Test
    void reject() {
        byte[] rejectedHeader = new byte[48];
        rejectedHeader[0] = 0x01;
        rejectedHeader[19] = 0x07;
        check("3f800900" // Reason 9: invalid PDU field
                        + "00000030 00000000 00000000"
                        + "ffffffff 00000000"
                        + "00000005 00000006 00000025"
                        + "00000000" // DataSN/R2TSN
                        + "00000000 00000000",
                new Reject(9, 5, 6, 0x25, 0, data(rejectedHeader)));
    }

    // ------------------------------------------------------------------ bad input

    private static PduFormatException decodeFails(String headerHex, ByteBuf data) {
        PduFormatException e = assertThrows(PduFormatException.class,
                () -> PduCodec.decode(Unpooled.wrappedBuffer(Hex.bytes(headerHex)), data));
        assertEquals(0, data.refCnt(), "data released on error");
        return e;
    }

    private static String bhs(String first4, String second4) {
        return first4 + second4 + "00000000".repeat(10);
    }

    @Test
    void unknownOpcode() {
        assertEquals("BHS opcode: unknown value 0x1c",
                decodeFails(bhs("1c800000", "00000000"), Unpooled.buffer(0)).getMessage());
        assertEquals("BHS opcode: unknown value 0x3e",
                decodeFails(bhs("7e800000", "00000000"), Unpooled.buffer(0)).getMessage());
    }

    @Test
    void loginStageTwoIsReserved() {
        assertEquals("Login CSG: reserved value 2",
                decodeFails(bhs("43890000", "00000000"), Unpooled.buffer(0)).getMessage());
        assertEquals("Login NSG: reserved value 2",
                decodeFails(bhs("23060000", "00000000"), Unpooled.buffer(0)).getMessage());
    }

    @Test
    void loginRequestWithoutImmediateBit() {
        assertEquals("Login Request I bit: 0, must be 1",
                decodeFails(bhs("03870000", "00000000"), Unpooled.buffer(0)).getMessage());
    }

    @Test
    void invalidTaskAttribute() {
        assertEquals("SCSI Command ATTR: invalid value 5",
                decodeFails(bhs("01c50000", "00000000"), Unpooled.buffer(0)).getMessage());
    }

    @Test
    void dataSegmentOnPduWithoutData() {
        assertEquals("DataSegmentLength 4 on R2T, which carries no data segment",
                decodeFails(bhs("31800000", "00000004"), Unpooled.buffer(4).writeInt(1)).getMessage());
    }

    @Test
    void dataSegmentLengthDisagreesWithData() {
        assertEquals("DataSegmentLength 5 but 4 data bytes given",
                decodeFails(bhs("20800000", "00000005"), Unpooled.buffer(4).writeInt(1)).getMessage());
    }

    @Test
    void totalAhsLengthDisagreesWithHeader() {
        assertEquals("TotalAHSLength 2 (8 bytes) does not match the 0 AHS bytes given",
                decodeFails(bhs("01c10000", "02000000"), Unpooled.buffer(0)).getMessage());
    }

    @Test
    void ahsOnPduThatDefinesNone() {
        assertEquals("TotalAHSLength 1 on NOP_IN, which defines no AHS",
                decodeFails(bhs("20800000", "01000000") + "00010100", Unpooled.buffer(0)).getMessage());
    }

    @Test
    void ahsOverrunningTotalAhsLength() {
        assertEquals("AHSLength 9 at header offset 48 overruns TotalAHSLength 2",
                decodeFails(bhs("01c10000", "02000000") + "00090100 00000000", Unpooled.buffer(0))
                        .getMessage());
    }

    @Test
    void unsupportedAhsType() {
        // Type 2 is the bidirectional read length AHS, which this initiator never uses.
        assertEquals("AHSType 2 at header offset 48 is not supported (only 1, Extended CDB)",
                decodeFails(bhs("01c10000", "02000000") + "00050200 00001000", Unpooled.buffer(0))
                        .getMessage());
    }

    @Test
    void extendedCdbTooShort() {
        assertEquals("Extended CDB AHSLength 1, must be at least 2",
                decodeFails(bhs("01c10000", "01000000") + "00010100", Unpooled.buffer(0)).getMessage());
    }

    @Test
    void headerShorterThanBhs() {
        PduFormatException e = assertThrows(PduFormatException.class,
                () -> PduCodec.decode(Unpooled.wrappedBuffer(new byte[47]), Unpooled.EMPTY_BUFFER));
        assertEquals("BHS length 47, must be 48", e.getMessage());
    }

    @Test
    void encoderRejectsFieldsWiderThanTheirWireFormat() {
        IllegalArgumentException tsih = assertThrows(IllegalArgumentException.class, () -> encode(
                new LoginRequest(true, false, 1, 3, 0, 0, 1, 70000, 0, 1, 1, 0, Unpooled.EMPTY_BUFFER)));
        assertEquals("TSIH 70000 does not fit 16 bits", tsih.getMessage());
        IllegalArgumentException isid = assertThrows(IllegalArgumentException.class, () -> encode(
                new LoginRequest(true, false, 1, 3, 0, 0, 1L << 48, 0, 0, 1, 1, 0, Unpooled.EMPTY_BUFFER)));
        assertEquals("ISID 0x1000000000000 does not fit 48 bits", isid.getMessage());
        IllegalArgumentException attr = assertThrows(IllegalArgumentException.class, () -> encode(
                new ScsiCommand(false, true, false, false, 9, 0, 1, 0, 1, 1, new byte[16], Unpooled.EMPTY_BUFFER)));
        assertEquals("ATTR 9 does not fit 3 bits", attr.getMessage());
    }

    @Test
    void longestCdbFitsTotalAhsLength255AndOneMoreByteDoesNot() {
        // 255 words = 1020 AHS bytes = 4 header bytes + 1016 extra CDB bytes.
        ScsiCommand longest = new ScsiCommand(false, true, false, false, 1, 0, 1, 0, 1, 1, new byte[1032],
                Unpooled.EMPTY_BUFFER);
        assertEquals(255, PduCodec.totalAhsLength(longest));
        String hex = encode(longest);
        assertEquals("ff", hex.substring(8, 10));
        ScsiCommand decoded = (ScsiCommand) PduCodec.decode(Unpooled.wrappedBuffer(Hex.bytes(hex)),
                Unpooled.EMPTY_BUFFER);
        assertEquals(1032, decoded.cdb().length);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> encode(
                new ScsiCommand(false, true, false, false, 1, 0, 1, 0, 1, 1, new byte[1033], Unpooled.EMPTY_BUFFER)));
        assertEquals("CDB of 1033 bytes needs TotalAHSLength 256, more than 255", e.getMessage());
    }

    @Test
    void encodedDataSegmentLengthIsTheReadableBytes() {
        ByteBuf payload = Unpooled.buffer().writeZero(10).writeBytes(new byte[300]).skipBytes(10);
        String hex = encode(new NopOut(true, 0, 1, -1, 1, 1, payload));
        assertEquals("0000012c", hex.substring(8, 16), "300 readable bytes, the 10 read ones not counted");
    }
}
