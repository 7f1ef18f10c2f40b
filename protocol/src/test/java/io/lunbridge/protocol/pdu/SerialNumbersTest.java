package io.lunbridge.protocol.pdu;

import static io.lunbridge.protocol.pdu.SerialNumbers.greaterOrEqual;
import static io.lunbridge.protocol.pdu.SerialNumbers.greaterThan;
import static io.lunbridge.protocol.pdu.SerialNumbers.inWindow;
import static io.lunbridge.protocol.pdu.SerialNumbers.lessOrEqual;
import static io.lunbridge.protocol.pdu.SerialNumbers.lessThan;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SerialNumbersTest {
    @Test
    void ordersSmallNumbersLikeIntegers() {
        assertTrue(lessThan(1, 2));
        assertFalse(lessThan(2, 1));
        assertFalse(lessThan(5, 5));
        assertTrue(lessOrEqual(5, 5));
        assertTrue(greaterThan(2, 1));
        assertTrue(greaterOrEqual(2, 2));
        assertFalse(greaterThan(1, 2));
    }

    @Test
    void ordersAcrossTheWrap() {
        int max = 0xffffffff; // 2^32 - 1 as unsigned
        assertTrue(lessThan(max, 0), "2^32-1 < 0 after the wrap");
        assertTrue(lessThan(0xfffffff0, 0x10));
        assertTrue(greaterThan(0x10, 0xfffffff0));
        assertFalse(lessThan(0x10, 0xfffffff0));
        assertTrue(lessThan(0x7fffffff, 0x80000000), "crossing the signed boundary");
        assertTrue(greaterThan(0x80000000, 0x7fffffff));
        assertTrue(lessOrEqual(max, 0));
        assertFalse(lessOrEqual(0, max));
    }

    @Test
    void numbersHalfTheSpaceApartAreNotComparable() {
        // RFC 1982 §3.2: i1 and i1 + 2^31 are neither less nor greater than each other.
        int a = 7;
        int b = a + 0x80000000;
        assertFalse(lessThan(a, b));
        assertFalse(lessThan(b, a));
        assertFalse(greaterThan(a, b));
        assertFalse(greaterThan(b, a));
        assertFalse(lessOrEqual(a, b));
        // One less than half the space is still ordered.
        assertTrue(lessThan(a, a + 0x7fffffff));
        assertTrue(greaterThan(a, a + 0x80000001));
    }

    @Test
    void windowContainsItsEnds() {
        assertTrue(inWindow(10, 10, 20));
        assertTrue(inWindow(20, 10, 20));
        assertTrue(inWindow(15, 10, 20));
        assertFalse(inWindow(9, 10, 20));
        assertFalse(inWindow(21, 10, 20));
    }

    @Test
    void windowAcrossTheWrap() {
        int exp = 0xfffffffe;
        int max = 3;
        assertTrue(inWindow(0xfffffffe, exp, max));
        assertTrue(inWindow(0xffffffff, exp, max));
        assertTrue(inWindow(0, exp, max));
        assertTrue(inWindow(3, exp, max));
        assertFalse(inWindow(4, exp, max));
        assertFalse(inWindow(0xfffffffd, exp, max));
    }

    @Test
    void windowClosedWhenMaxIsOneBelowExp() {
        // RFC 7143 §4.2.2.1: MaxCmdSN = ExpCmdSN - 1 means the target accepts no new command.
        assertFalse(inWindow(10, 10, 9));
        assertFalse(inWindow(9, 10, 9));
        assertFalse(inWindow(0, 0, 0xffffffff));
        assertTrue(inWindow(0, 0, 0), "a window of one");
    }
}
