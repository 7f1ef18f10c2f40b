package io.lunbridge.bridge.nbd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.lunbridge.block.BlockDevice.Extent;
import io.lunbridge.block.BlockIoException;
import io.lunbridge.block.Geometry;
import io.lunbridge.bridge.nbd.transmission.BlockSizeConstraints;
import io.lunbridge.bridge.nbd.transmission.ExtentMapper;
import io.lunbridge.bridge.nbd.transmission.ExtentMapper.Descriptor;
import io.lunbridge.bridge.nbd.transmission.NbdErrno;
import io.lunbridge.bridge.nbd.transmission.TransmissionFlags;
import java.util.List;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/** Pure mappings: geometry to block sizes and flags, extents to descriptors, errors to errno. */
class NbdValuesTest {
    private static Geometry g(int logical, int physical, int optimal, int max, boolean ro, boolean unmap, boolean fua) {
        return new Geometry(1 << 30, logical, physical, optimal, max, ro, true, unmap, true, fua, true);
    }

    @Test
    void blockSizesFollowGeometry() {
        assertEquals(new BlockSizeConstraints(512, 65536, 1048576),
                BlockSizeConstraints.from(g(512, 4096, 65536, 1048576, false, true, true)));
        assertEquals(new BlockSizeConstraints(4096, 4096, 32 * 1024 * 1024),
                BlockSizeConstraints.from(g(4096, 4096, 0, 64 * 1024 * 1024, false, true, true)),
                "maximum capped at 32 MiB");
        assertEquals(new BlockSizeConstraints(512, 65536, 32 * 1024 * 1024),
                BlockSizeConstraints.from(g(512, 512, 3 * 65536 / 2, 0, false, true, true)),
                "non-power-of-two optimal rounds down; unknown max means 32 MiB");
        assertEquals(new BlockSizeConstraints(512, 4096, 5120),
                BlockSizeConstraints.from(g(512, 4096, 0, 5200, false, true, true)),
                "maximum is a multiple of the minimum");
        assertThrows(IllegalArgumentException.class, () -> BlockSizeConstraints.from(g(520, 4096, 0, 0, false, true,
                true)));
    }

    @Test
    void transmissionFlagsFollowGeometry() {
        assertEquals(0x0dff & ~0x10 & ~0x200, TransmissionFlags.of(g(512, 512, 0, 0, true, true, true), true));
        assertEquals(0x0d45, TransmissionFlags.of(g(512, 512, 0, 0, false, false, false), false));
    }

    @Test
    void extentsAreClippedMergedAndCutAtGaps() {
        List<Extent> e = List.of(new Extent(0, 4096, true, false), new Extent(4096, 4096, true, false),
                new Extent(8192, 8192, false, true), new Extent(16384, 4096, true, false));
        assertEquals(List.of(new Descriptor(6144, 0), new Descriptor(8192, 3), new Descriptor(1024, 0)),
                ExtentMapper.map(2048, 15360, e, false));
        assertEquals(List.of(new Descriptor(6144, 0)), ExtentMapper.map(2048, 15360, e, true));
        assertEquals(List.of(new Descriptor(4096, 0)),
                ExtentMapper.map(0, 8192, List.of(new Extent(0, 4096, true, false), new Extent(6144, 512, false,
                        false)), false), "a gap ends the answer");
        assertEquals(List.of(new Descriptor(512, 0)), ExtentMapper.map(0, 512, List.of(), false),
                "no information: status 0 for the whole range");
    }

    @Test
    void errorsMapToNbdValuesAndUnknownToEio() {
        assertEquals(NbdErrno.ENOSPC, NbdErrno.of(new CompletionException(
                new BlockIoException(BlockIoException.Kind.NO_SPACE, "full"))));
        assertEquals(NbdErrno.ESHUTDOWN, NbdErrno.of(new BlockIoException(BlockIoException.Kind.SHUTDOWN, "x")));
        assertEquals(NbdErrno.EIO, NbdErrno.of(new IllegalStateException("bug")));
    }

    @Test
    void duplicateExportNamesAreRefused() {
        InMemoryBlockDevice d = new InMemoryBlockDevice(InMemoryBlockDevice.geometry(4096));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new ExportRegistry(List.of(
                new NbdExport("a", "", d, List.of("x")), new NbdExport("b", "", d, List.of("x")))));
        assertEquals("export name 'x' is used by both 'a' and 'b'", e.getMessage());
    }
}
