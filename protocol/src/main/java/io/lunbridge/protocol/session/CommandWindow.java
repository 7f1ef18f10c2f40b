package io.lunbridge.protocol.session;

import io.lunbridge.protocol.pdu.SerialNumbers;

/**
 * The session's command numbering window (RFC 7143 §4.2.2.1): the next CmdSN to assign and the
 * target's ExpCmdSN / MaxCmdSN. A non-immediate command may be sent only while its CmdSN lies in
 * [ExpCmdSN, MaxCmdSN]; immediate commands carry the next CmdSN without consuming it.
 *
 * <p>Owned by the session's event loop; not thread-safe by design.
 */
public final class CommandWindow {
    private int nextCmdSn;
    private int expCmdSn;
    private int maxCmdSn;

    public CommandWindow(int nextCmdSn, int expCmdSn, int maxCmdSn) {
        this.nextCmdSn = nextCmdSn;
        this.expCmdSn = expCmdSn;
        this.maxCmdSn = maxCmdSn;
    }

    /** The CmdSN the next non-immediate command will get (and immediate ones carry). */
    public int nextCmdSn() {
        return nextCmdSn;
    }

    public int expCmdSn() {
        return expCmdSn;
    }

    public int maxCmdSn() {
        return maxCmdSn;
    }

    /** Whether a non-immediate command can be sent now. */
    public boolean open() {
        return SerialNumbers.lessOrEqual(nextCmdSn, maxCmdSn)
                && SerialNumbers.lessOrEqual(expCmdSn, nextCmdSn);
    }

    /** Assigns the next CmdSN to a non-immediate command. */
    public int take() {
        if (!open()) {
            throw new IllegalStateException("command window closed: CmdSN " + Integer.toUnsignedString(nextCmdSn)
                    + " outside [" + Integer.toUnsignedString(expCmdSn) + ", " + Integer.toUnsignedString(maxCmdSn) + "]");
        }
        return nextCmdSn++;
    }

    /**
     * Applies the ExpCmdSN/MaxCmdSN carried by a target PDU. Per RFC 7143 §4.2.2.1 the values are
     * ignored when MaxCmdSN &lt; ExpCmdSN - 1 (serial), and neither may move backwards.
     *
     * @return true if the window may have opened
     */
    public boolean update(int newExpCmdSn, int newMaxCmdSn) {
        if (SerialNumbers.lessThan(newMaxCmdSn, newExpCmdSn - 1)) {
            return false;
        }
        boolean changed = false;
        if (SerialNumbers.greaterThan(newExpCmdSn, expCmdSn)) {
            expCmdSn = newExpCmdSn;
            changed = true;
        }
        if (SerialNumbers.greaterThan(newMaxCmdSn, maxCmdSn)) {
            maxCmdSn = newMaxCmdSn;
            changed = true;
        }
        return changed;
    }

    @Override
    public String toString() {
        return "CmdSN " + Integer.toUnsignedString(nextCmdSn) + " window [" + Integer.toUnsignedString(expCmdSn)
                + ", " + Integer.toUnsignedString(maxCmdSn) + "]";
    }
}
