package io.lunbridge.protocol.scsi;

import io.lunbridge.protocol.fuzz.FuzzGuard;
import io.lunbridge.protocol.fuzz.Mutations;
import io.netty.buffer.Unpooled;
import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterProperty;

/**
 * Sense data, every VPD page, REPORT LUNS and the other parameter data the initiator parses, on
 * random and mutated input (seeds: the tgtd and istgt vectors of the unit tests): only
 * {@link ScsiFormatException}, no hang, bounded allocation.
 */
class ScsiFuzzTest {
    private final FuzzGuard guard = new FuzzGuard();

    @AfterProperty
    void close() {
        guard.close();
    }

    private static List<byte[]> seeds(String... hex) {
        return java.util.Arrays.stream(hex).map(Hex::bytes).toList();
    }

    @Provide
    Arbitrary<byte[]> sense() {
        return Mutations.mutated(seeds("f1 00 03 00 00 30 39 0a 00 00 00 00 11 00 00 00 00 00", "70 00 06 00 00 00 00 00",
                "72 03 11 00 00 00 00 0c 00 0a 80 00 00 00 00 00 00 00 30 39", "73 07 27 07 00 00 00 00"), 300);
    }

    @Provide
    Arbitrary<byte[]> senseSegment() {
        return Mutations.mutated(seeds("0012 f1 00 03 00 00 30 39 0a 00 00 00 00 11 00 00 00 00 00", "0000",
                "0014 72 03 11 00 00 00 00 0c 00 0a 80 00 00 00 00 00 00 00 30 39"), 300);
    }

    @Provide
    Arbitrary<byte[]> vpd() {
        return Mutations.mutated(seeds("00000006008083b0b1b2", "0000000900808385868788b0b1", "008000083130303030303031",
                DeviceIdentificationVpdTest.TGTD, DeviceIdentificationVpdTest.ISTGT,
                "00b0003c" + "00800000" + "00000000".repeat(14)), 600);
    }

    @Provide
    Arbitrary<byte[]> reportLuns() {
        return Mutations.mutated(seeds("00000018 00000000 0000000000000000 0001000000000000 4100000000000000",
                "00000000 00000000", "00000008 00000000 4100000000000000"), 600);
    }

    @Provide
    Arbitrary<byte[]> parameterData() {
        return Mutations.mutated(seeds(StandardInquiryTest.TGTD_LUN1, StandardInquiryTest.ISTGT,
                "0000000000000200", "00000000000fffff0000020000000000000000000000000000000000000000",
                "006c" + "0010" + "0000" + "0008" + "0000000000000200" + "0000" + "020e8080000a00000000000000000000"), 600);
    }

    @Property
    void senseDataParsesOrRefuses(@ForAll("sense") byte[] b) {
        guard.check(b, () -> SenseData.parse(b), ScsiFormatException.class);
    }

    @Property
    void senseSegmentParsesOrRefuses(@ForAll("senseSegment") byte[] b) {
        guard.check(b, () -> SenseData.fromResponseSegment(Unpooled.wrappedBuffer(b)), ScsiFormatException.class);
    }

    @Property
    void everyVpdPageParsesOrRefuses(@ForAll("vpd") byte[] b) {
        guard.check(b, () -> {
            VpdPage.requiredLength(b);
            VpdPage.pageCode(b);
        }, ScsiFormatException.class);
        guard.check(b, () -> SupportedVpdPages.parse(b), ScsiFormatException.class);
        guard.check(b, () -> UnitSerialNumber.parse(b), ScsiFormatException.class);
        guard.check(b, () -> DeviceIdentification.parse(b), ScsiFormatException.class);
        guard.check(b, () -> BlockLimits.parse(b), ScsiFormatException.class);
        guard.check(b, () -> LogicalBlockProvisioning.parse(b), ScsiFormatException.class);
    }

    @Property
    void reportLunsParsesOrRefuses(@ForAll("reportLuns") byte[] b) {
        guard.check(b, () -> {
            ReportLunsData.requiredLength(b);
            ReportLunsData.isComplete(b);
        }, ScsiFormatException.class);
        guard.check(b, () -> ReportLunsData.parse(b), ScsiFormatException.class);
    }

    @Property
    void inquiryCapacityModeSenseAndLbaStatusParseOrRefuse(@ForAll("parameterData") byte[] b) {
        guard.check(b, () -> StandardInquiry.parse(b), ScsiFormatException.class);
        guard.check(b, () -> ReadCapacity.parse10(b), ScsiFormatException.class);
        guard.check(b, () -> ReadCapacity.parse16(b), ScsiFormatException.class);
        guard.check(b, () -> ModeSenseData.parse(b), ScsiFormatException.class);
        guard.check(b, () -> LbaStatusData.parse(b), ScsiFormatException.class);
    }
}
