package io.lunbridge.protocol.scsi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lunbridge.block.BlockIoException;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class ScsiExceptionTest {
    private static Optional<SenseData> sense(int key, int asc, int ascq) {
        return Optional.of(new SenseData(0x70, key, asc, ascq, false, OptionalLong.empty()));
    }

    private static ScsiException check(int key, int asc, int ascq) {
        return ScsiException.of("CMD", ScsiStatus.CHECK_CONDITION, sense(key, asc, ascq));
    }

    @Test
    void messageNamesCommandKeyAndAdditionalSense() {
        ScsiException e = ScsiException.of("READ(16) LBA 12345 on LUN 3", ScsiStatus.CHECK_CONDITION, sense(3, 0x11, 0));
        assertEquals("READ(16) LBA 12345 on LUN 3: MEDIUM ERROR, unrecovered read error (ASC 0x11, ASCQ 0x00)",
                e.getMessage());
        assertEquals(ScsiErrorKind.MEDIUM_ERROR, e.kind());
        assertEquals(BlockIoException.Kind.IO, e.blockKind());
        assertFalse(e.retryable());
        assertEquals("READ(16) LBA 12345 on LUN 3", e.command());
        assertEquals(ScsiStatus.CHECK_CONDITION, e.status());
    }

    @Test
    void messageWithInformationAndWithoutSense() {
        ScsiException withInfo = ScsiException.of("WRITE(16) LBA 8 on LUN 1", ScsiStatus.CHECK_CONDITION,
                Optional.of(new SenseData(0x72, 3, 0x0c, 0, false, OptionalLong.of(9))));
        assertEquals("WRITE(16) LBA 8 on LUN 1: MEDIUM ERROR, write error (ASC 0x0c, ASCQ 0x00) [information 9]",
                withInfo.getMessage());
        // istgt answers READ(16) beyond the end with CHECK CONDITION and no sense at all
        ScsiException bare = ScsiException.of("READ(16) LBA 65485 on LUN 0", ScsiStatus.CHECK_CONDITION, Optional.empty());
        assertEquals("READ(16) LBA 65485 on LUN 0: CHECK CONDITION without sense data", bare.getMessage());
        assertEquals(ScsiErrorKind.OTHER, bare.kind());
        assertEquals(BlockIoException.Kind.IO, bare.blockKind());
        ScsiException busy = ScsiException.of("TEST UNIT READY on LUN 1", ScsiStatus.BUSY, Optional.empty());
        assertEquals("TEST UNIT READY on LUN 1: status BUSY (0x08)", busy.getMessage());
    }

    @Test
    void kindsFromStatus() {
        assertEquals(ScsiErrorKind.BUSY, ScsiException.of("C", ScsiStatus.BUSY, Optional.empty()).kind());
        assertEquals(ScsiErrorKind.RESERVATION_CONFLICT,
                ScsiException.of("C", ScsiStatus.RESERVATION_CONFLICT, Optional.empty()).kind());
        assertEquals(ScsiErrorKind.TASK_SET_FULL, ScsiException.of("C", ScsiStatus.TASK_SET_FULL, Optional.empty()).kind());
        assertEquals(ScsiErrorKind.TASK_ABORTED, ScsiException.of("C", ScsiStatus.TASK_ABORTED, Optional.empty()).kind());
        assertEquals(ScsiErrorKind.OTHER, ScsiException.of("C", ScsiStatus.ACA_ACTIVE, Optional.empty()).kind());
    }

    @Test
    void kindsAndBlockKindsFromSense() {
        assertKinds(check(6, 0x29, 0), ScsiErrorKind.UNIT_ATTENTION, BlockIoException.Kind.IO, true);
        assertKinds(check(2, 0x04, 0x01), ScsiErrorKind.NOT_READY, BlockIoException.Kind.IO, true);
        assertKinds(check(2, 0x04, 0x0a), ScsiErrorKind.NOT_READY, BlockIoException.Kind.IO, true);
        assertKinds(check(2, 0x3a, 0x00), ScsiErrorKind.NOT_READY, BlockIoException.Kind.IO, false);
        assertKinds(check(4, 0x44, 0), ScsiErrorKind.HARDWARE_ERROR, BlockIoException.Kind.IO, false);
        assertKinds(check(5, 0x21, 0), ScsiErrorKind.LBA_OUT_OF_RANGE, BlockIoException.Kind.INVALID, false);
        assertKinds(check(5, 0x24, 0), ScsiErrorKind.ILLEGAL_REQUEST, BlockIoException.Kind.INVALID, false);
        assertKinds(check(5, 0x20, 0), ScsiErrorKind.INVALID_OPCODE, BlockIoException.Kind.NOT_SUPPORTED, false);
        assertKinds(check(5, 0x25, 0), ScsiErrorKind.LUN_NOT_SUPPORTED, BlockIoException.Kind.IO, false);
        assertKinds(check(7, 0x27, 0), ScsiErrorKind.DATA_PROTECT, BlockIoException.Kind.PERMISSION, false);
        assertKinds(check(7, 0x27, 0x07), ScsiErrorKind.SPACE_ALLOCATION_FAILED, BlockIoException.Kind.NO_SPACE, false);
        assertKinds(check(0xb, 0x47, 0), ScsiErrorKind.ABORTED_COMMAND, BlockIoException.Kind.IO, true);
        assertKinds(check(0xe, 0x1d, 0), ScsiErrorKind.OTHER, BlockIoException.Kind.IO, false);
        assertKinds(ScsiException.of("C", ScsiStatus.TASK_SET_FULL, Optional.empty()), ScsiErrorKind.TASK_SET_FULL,
                BlockIoException.Kind.IO, true);
        assertKinds(ScsiException.of("C", ScsiStatus.BUSY, Optional.empty()), ScsiErrorKind.BUSY,
                BlockIoException.Kind.IO, true);
        assertKinds(ScsiException.of("C", ScsiStatus.RESERVATION_CONFLICT, Optional.empty()),
                ScsiErrorKind.RESERVATION_CONFLICT, BlockIoException.Kind.IO, false);
    }

    @Test
    void toBlockIoExceptionKeepsMessageAndCause() {
        ScsiException e = check(7, 0x27, 0x07);
        BlockIoException b = e.toBlockIoException();
        assertEquals(BlockIoException.Kind.NO_SPACE, b.kind());
        assertEquals("CMD: DATA PROTECT, space allocation failed write protect (ASC 0x27, ASCQ 0x07)", b.getMessage());
        assertSame(e, b.getCause());
    }

    @Test
    void successStatusesAreNotErrors() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ScsiException.of("READ(16) LBA 0 on LUN 1", ScsiStatus.GOOD, Optional.empty()));
        assertEquals("READ(16) LBA 0 on LUN 1: status GOOD is not an error", e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> ScsiException.of("C", ScsiStatus.CONDITION_MET, Optional.empty()));
        assertThrows(IllegalArgumentException.class, () -> ScsiException.of("C", 0x100, Optional.empty()));
    }

    @Test
    void statusNames() {
        assertEquals("GOOD", ScsiStatus.name(0x00));
        assertEquals("CHECK CONDITION", ScsiStatus.name(0x02));
        assertEquals("CONDITION MET", ScsiStatus.name(0x04));
        assertEquals("BUSY", ScsiStatus.name(0x08));
        assertEquals("RESERVATION CONFLICT", ScsiStatus.name(0x18));
        assertEquals("TASK SET FULL", ScsiStatus.name(0x28));
        assertEquals("ACA ACTIVE", ScsiStatus.name(0x30));
        assertEquals("TASK ABORTED", ScsiStatus.name(0x40));
        assertEquals("UNKNOWN STATUS 0x22", ScsiStatus.name(0x22));
        assertTrue(ScsiStatus.isSuccess(ScsiStatus.CONDITION_MET));
    }

    private static void assertKinds(ScsiException e, ScsiErrorKind kind, BlockIoException.Kind blockKind,
                                    boolean retryable) {
        assertEquals(kind, e.kind(), e.getMessage());
        assertEquals(blockKind, e.blockKind(), e.getMessage());
        assertEquals(retryable, e.retryable(), e.getMessage());
    }
}
