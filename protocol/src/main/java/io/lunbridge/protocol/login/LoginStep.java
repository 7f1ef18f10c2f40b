package io.lunbridge.protocol.login;

import io.lunbridge.protocol.pdu.LoginRequest;
import io.lunbridge.protocol.text.SessionParameters;

/**
 * What the connection must do after a login response: send another request, enter full feature
 * phase, or reconnect elsewhere.
 */
public sealed interface LoginStep {

    /** Send this Login Request (its data buffer is owned by the request; the encoder releases it). */
    record Send(LoginRequest request) implements LoginStep {
    }

    /**
     * Login succeeded: the connection is in full feature phase.
     *
     * @param params negotiated parameters
     * @param tsih the session's TSIH assigned (or confirmed) by the target
     * @param statSn StatSN of the final Login Response (the next ExpStatSN is statSn + 1)
     * @param expCmdSn the target's ExpCmdSN
     * @param maxCmdSn the target's MaxCmdSN
     */
    record Complete(SessionParameters params, int tsih, int statSn, int expCmdSn, int maxCmdSn)
            implements LoginStep {
    }

    /**
     * The target redirected us (status 0x0101 temporary, 0x0102 permanent): close this connection
     * and log in at {@code host:port}.
     *
     * @param host DNS name or address (IPv6 without brackets)
     * @param portalGroupTag portal group tag from TargetAddress, or -1 if the target gave none
     * @param permanent true for 0x0102 (update the stored portal), false for 0x0101
     */
    record Redirect(String host, int port, int portalGroupTag, boolean permanent) implements LoginStep {
    }
}
