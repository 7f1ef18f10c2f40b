package io.lunbridge.protocol.scsi;

import io.lunbridge.protocol.fuzz.Fuzz;
import io.lunbridge.protocol.fuzz.FuzzGuard;
import io.lunbridge.protocol.fuzz.Gen;
import io.lunbridge.protocol.fuzz.Mutations;
import io.netty.buffer.Unpooled;
import java.util.List;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * Sense data, every VPD page, REPORT LUNS and the other parameter data the initiator parses, on
 * random and mutated input (seeds: the tgtd and istgt vectors of the unit tests): only
 * {@link ScsiFormatException}, no hang, bounded allocation.
 */
class ScsiFuzzTest {
    @AutoClose
    private final FuzzGuard guard = new FuzzGuard();

    private static List<byte[]> seeds(String... hex) {
        return java.util.Arrays.stream(hex).map(Hex::bytes).toList();
    }

    private static Gen<byte[]> sense() {
        return Mutations.mutated(seeds("f1 00 03 00 00 30 39 0a 00 00 00 00 11 00 00 00 00 00", "70 00 06 00 00 00 00 00",
                "72 03 11 00 00 00 00 0c 00 0a 80 00 00 00 00 00 00 00 30 39", "73 07 27 07 00 00 00 00"), 300);
    }

    private static Gen<byte[]> senseSegment() {
        return Mutations.mutated(seeds("0012 f1 00 03 00 00 30 39 0a 00 00 00 00 11 00 00 00 00 00", "0000",
                "0014 72 03 11 00 00 00 00 0c 00 0a 80 00 00 00 00 00 00 00 30 39"), 300);
    }

    private static Gen<byte[]> vpd() {
        return Mutations.mutated(seeds("00000006008083b0b1b2", "0000000900808385868788b0b1", "008000083130303030303031",
                DeviceIdentificationVpdTest.TGTD, DeviceIdentificationVpdTest.ISTGT,
                "00b0003c" + "00800000" + "00000000".repeat(14)), 600);
    }

    private static Gen<byte[]> reportLuns() {
        return Mutations.mutated(seeds("00000018 00000000 0000000000000000 0001000000000000 4100000000000000",
                "00000000 00000000", "00000008 00000000 4100000000000000"), 600);
    }

    private static Gen<byte[]> parameterData() {
        return Mutations.mutated(seeds(StandardInquiryTest.TGTD_LUN1, StandardInquiryTest.ISTGT,
                "0000000000000200", "00000000000fffff0000020000000000000000000000000000000000000000",
                "006c" + "0010" + "0000" + "0008" + "0000000000000200" + "0000" + "020e8080000a00000000000000000000"), 600);
    }

    @Test
    void senseDataParsesOrRefuses() {
        Fuzz.forAll(sense(), b -> {
            guard.check(b, () -> SenseData.parse(b), ScsiFormatException.class);
        });
    }

    @Test
    void senseSegmentParsesOrRefuses() {
        Fuzz.forAll(senseSegment(), b -> {
            guard.check(b, () -> SenseData.fromResponseSegment(Unpooled.wrappedBuffer(b)), ScsiFormatException.class);
        });
    }

    @Test
    void everyVpdPageParsesOrRefuses() {
        Fuzz.forAll(vpd(), b -> {
            guard.check(b, () -> {
                VpdPage.requiredLength(b);
                VpdPage.pageCode(b);
            }, ScsiFormatException.class);
            guard.check(b, () -> SupportedVpdPages.parse(b), ScsiFormatException.class);
            guard.check(b, () -> UnitSerialNumber.parse(b), ScsiFormatException.class);
            guard.check(b, () -> DeviceIdentification.parse(b), ScsiFormatException.class);
            guard.check(b, () -> BlockLimits.parse(b), ScsiFormatException.class);
            guard.check(b, () -> LogicalBlockProvisioning.parse(b), ScsiFormatException.class);
        });
    }

    @Test
    void reportLunsParsesOrRefuses() {
        Fuzz.forAll(reportLuns(), b -> {
            guard.check(b, () -> {
                ReportLunsData.requiredLength(b);
                ReportLunsData.isComplete(b);
            }, ScsiFormatException.class);
            guard.check(b, () -> ReportLunsData.parse(b), ScsiFormatException.class);
        });
    }

    @Test
    void inquiryCapacityModeSenseAndLbaStatusParseOrRefuse() {
        Fuzz.forAll(parameterData(), b -> {
            guard.check(b, () -> StandardInquiry.parse(b), ScsiFormatException.class);
            guard.check(b, () -> ReadCapacity.parse10(b), ScsiFormatException.class);
            guard.check(b, () -> ReadCapacity.parse16(b), ScsiFormatException.class);
            guard.check(b, () -> ModeSenseData.parse(b), ScsiFormatException.class);
            guard.check(b, () -> LbaStatusData.parse(b), ScsiFormatException.class);
        });
    }
}
