package io.lunbridge.protocol.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CommandWindowTest {
    @Test
    void takesConsecutiveNumbersUntilMaxCmdSn() {
        CommandWindow w = new CommandWindow(10, 10, 12);
        assertEquals(10, w.take());
        assertEquals(11, w.take());
        assertEquals(12, w.take());
        assertFalse(w.open());
        IllegalStateException e = assertThrows(IllegalStateException.class, w::take);
        assertTrue(e.getMessage().contains("CmdSN 13 outside [10, 12]"), e.getMessage());
    }

    @Test
    void zeroWindowWhenMaxIsExpMinusOne() {
        CommandWindow w = new CommandWindow(10, 10, 9);
        assertFalse(w.open());
        assertTrue(w.update(10, 10));
        assertTrue(w.open());
    }

    @Test
    void ignoresUpdatesThatMoveBackwardsOrAreInvalid() {
        CommandWindow w = new CommandWindow(10, 10, 20);
        assertFalse(w.update(9, 19), "stale values never shrink the window");
        assertEquals(20, w.maxCmdSn());
        assertFalse(w.update(30, 5), "MaxCmdSN < ExpCmdSN - 1 is ignored (RFC 7143 4.2.2.1)");
        assertEquals(10, w.expCmdSn());
    }

    @Test
    void worksAcrossTheSerialNumberWrap() {
        CommandWindow w = new CommandWindow(0xfffffffe, 0xfffffffe, 1);
        assertEquals(0xfffffffe, w.take());
        assertEquals(0xffffffff, w.take());
        assertEquals(0, w.take());
        assertEquals(1, w.take());
        assertFalse(w.open());
        assertTrue(w.update(2, 5));
        assertTrue(w.open());
    }
}
