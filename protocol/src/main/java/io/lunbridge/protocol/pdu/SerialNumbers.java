package io.lunbridge.protocol.pdu;

/**
 * Serial number arithmetic (RFC 1982, SERIAL_BITS = 32) for CmdSN, StatSN, DataSN and R2TSN,
 * which wrap around (RFC 7143 §4.2.2.1). Plain {@code <} on ints is wrong across the wrap.
 *
 * <p>Two numbers exactly 2^31 apart are not comparable (RFC 1982 §3.2): every comparison
 * between them is false.
 */
public final class SerialNumbers {
    private SerialNumbers() {
    }

    /** {@code a < b} in serial number arithmetic. */
    public static boolean lessThan(int a, int b) {
        int difference = a - b;
        return difference < 0 && difference != Integer.MIN_VALUE;
    }

    /** {@code a <= b} in serial number arithmetic. */
    public static boolean lessOrEqual(int a, int b) {
        return a == b || lessThan(a, b);
    }

    /** {@code a > b} in serial number arithmetic. */
    public static boolean greaterThan(int a, int b) {
        return lessThan(b, a);
    }

    /** {@code a >= b} in serial number arithmetic. */
    public static boolean greaterOrEqual(int a, int b) {
        return a == b || lessThan(b, a);
    }

    /**
     * {@code exp <= sn <= max}: whether {@code sn} lies in the window from {@code exp} to {@code max}
     * (for example a CmdSN in [ExpCmdSN, MaxCmdSN]). The window is empty when {@code max} is
     * {@code exp - 1} (RFC 7143 §4.2.2.1: the target closed it).
     */
    public static boolean inWindow(int sn, int exp, int max) {
        return lessOrEqual(exp, sn) && lessOrEqual(sn, max);
    }
}
