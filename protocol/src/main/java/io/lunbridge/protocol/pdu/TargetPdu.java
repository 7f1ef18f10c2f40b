package io.lunbridge.protocol.pdu;

/**
 * A PDU sent by a target that carries the session's sequence window: StatSN, ExpCmdSN and MaxCmdSN
 * (RFC 7143 §11.2). Any such PDU may open or move the command window.
 */
public interface TargetPdu {
    /** StatSN; meaningful only where the PDU type carries status (see RFC 7143 per type). */
    int statSn();

    int expCmdSn();

    int maxCmdSn();
}
