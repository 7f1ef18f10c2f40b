package io.lunbridge.protocol.scsi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lunbridge.protocol.scsi.UnmapParameterList.Range;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class UnmapParameterListTest {
    @Test
    void oneDescriptorMatchesLibiscsiOnTheWire() {
        // libiscsi SCSI.Unmap.Simple to tgtd: UNMAP DATA LENGTH 22, DESCRIPTOR DATA LENGTH 16, LBA 0, 1 block
        assertEquals("0016001000000000" + "0000000000000000" + "0000000100000000",
                Hex.of(UnmapParameterList.encode(List.of(new Range(0, 1)))));
    }

    @Test
    void severalDescriptorsKeepOrderAndLengths() {
        byte[] list = UnmapParameterList.encode(List.of(new Range(0x0102030405L, 0xffffffffL), new Range(7, 9)));
        assertEquals("0026002000000000"
                + "0000000102030405" + "ffffffff00000000"
                + "0000000000000007" + "0000000900000000", Hex.of(list));
        assertEquals(40, list.length);
    }

    @Test
    void splitRespectsDescriptorCount() {
        List<Range> ranges = List.of(new Range(0, 1), new Range(10, 1), new Range(20, 1));
        List<byte[]> lists = UnmapParameterList.split(ranges, 2, UnmapParameterList.UNLIMITED);
        assertEquals(2, lists.size());
        assertEquals(UnmapParameterList.encode(ranges.subList(0, 2)).length, lists.get(0).length);
        assertEquals(Hex.of(UnmapParameterList.encode(ranges.subList(0, 2))), Hex.of(lists.get(0)));
        assertEquals(Hex.of(UnmapParameterList.encode(ranges.subList(2, 3))), Hex.of(lists.get(1)));
    }

    @Test
    void splitCutsRangesAtTheLbaCountLimit() {
        List<byte[]> lists = UnmapParameterList.split(List.of(new Range(100, 250), new Range(1000, 10)), 8, 100);
        assertEquals(List.of(
                Hex.of(UnmapParameterList.encode(List.of(new Range(100, 100)))),
                Hex.of(UnmapParameterList.encode(List.of(new Range(200, 100)))),
                Hex.of(UnmapParameterList.encode(List.of(new Range(300, 50), new Range(1000, 10))))),
                lists.stream().map(Hex::of).toList());
    }

    @Test
    void splitCutsRangesLongerThanTheDescriptorField() {
        long blocks = 0x1_0000_0005L;
        List<byte[]> lists = UnmapParameterList.split(List.of(new Range(0, blocks)),
                UnmapParameterList.UNLIMITED, UnmapParameterList.UNLIMITED);
        assertEquals(1, lists.size());
        assertEquals(Hex.of(UnmapParameterList.encode(List.of(new Range(0, 0xffffffffL), new Range(0xffffffffL, 6)))),
                Hex.of(lists.get(0)));
    }

    @Test
    void unlimitedDescriptorsStillFitTheSixteenBitLength() {
        List<Range> ranges = new ArrayList<>();
        for (int i = 0; i < 5000; i++) {
            ranges.add(new Range(i * 10L, 1));
        }
        List<byte[]> lists = UnmapParameterList.split(ranges, UnmapParameterList.UNLIMITED, UnmapParameterList.UNLIMITED);
        assertEquals(2, lists.size());
        assertEquals(8 + 16 * 4095, lists.get(0).length);
        assertEquals(8 + 16 * 905, lists.get(1).length);
        assertTrue(UnmapParameterList.split(List.of(), 1, 1).isEmpty());
    }

    @Test
    void badInputsAreRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Range(5, 0));
        assertEquals("UNMAP range at lba 5: blocks 0 must be at least 1", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new Range(-1, 1));
        assertEquals("UNMAP range: lba -1 is negative", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> UnmapParameterList.encode(List.of()));
        assertEquals("UNMAP parameter list needs at least one descriptor", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> UnmapParameterList.encode(List.of(new Range(0, 0x1_0000_0000L))));
        assertEquals("UNMAP descriptor 0 at lba 0: blocks 4294967296 exceed the 32-bit field (max 4294967295)",
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> UnmapParameterList.split(List.of(new Range(0, 1)), 0, 10));
        assertEquals("UNMAP: maxDescriptors 0 out of range 1..4294967295 (0 means the target does not support UNMAP)",
                e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> UnmapParameterList.split(List.of(new Range(0, 1)), 1, 0));
    }
}
