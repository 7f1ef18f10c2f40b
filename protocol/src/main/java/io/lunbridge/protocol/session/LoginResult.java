package io.lunbridge.protocol.session;

import io.lunbridge.protocol.text.SessionParameters;

/**
 * What a completed login hands to the full-feature session.
 *
 * @param parameters negotiated operational parameters
 * @param tsih the session handle the target assigned
 * @param nextCmdSn the CmdSN the first full-feature command carries (the login's CmdSN)
 * @param statSn StatSN of the final Login Response
 * @param expCmdSn ExpCmdSN of the final Login Response
 * @param maxCmdSn MaxCmdSN of the final Login Response
 */
public record LoginResult(SessionParameters parameters, int tsih, int nextCmdSn, int statSn, int expCmdSn,
                          int maxCmdSn) {
}
