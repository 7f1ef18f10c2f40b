package io.lunbridge.protocol.login;

import io.lunbridge.protocol.text.OperationalParameters;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything one login needs. Names are plain strings here (their validation belongs to the naming
 * code); only presence and ranges are checked.
 *
 * @param initiatorName our iSCSI name (InitiatorName)
 * @param initiatorAlias our alias (InitiatorAlias), or null to send none
 * @param targetName the target's iSCSI name for a normal session; null for discovery
 * @param sessionType normal or discovery
 * @param isid the 48-bit ISID
 * @param tsih 0 for a new session, or the TSIH of the session this connection joins or reinstates
 * @param cid connection ID, 0..65535
 * @param proposal the operational parameters we propose
 * @param chap CHAP credentials, or empty to log in without authentication
 * @param portal the portal connected to, e.g. "198.18.0.2:3260" (messages only)
 */
public record LoginConfig(String initiatorName, String initiatorAlias, String targetName,
                          SessionType sessionType, long isid, int tsih, int cid,
                          OperationalParameters proposal, Optional<ChapCredentials> chap, String portal) {
    public LoginConfig {
        if (initiatorName == null || initiatorName.isEmpty()) {
            throw new IllegalArgumentException("initiator name is required");
        }
        if (initiatorAlias != null && initiatorAlias.isEmpty()) {
            throw new IllegalArgumentException("initiator alias is empty; use null for none");
        }
        Objects.requireNonNull(sessionType, "sessionType");
        if (sessionType == SessionType.NORMAL && (targetName == null || targetName.isEmpty())) {
            throw new IllegalArgumentException("a normal session needs a target name");
        }
        if (sessionType == SessionType.DISCOVERY && targetName != null) {
            throw new IllegalArgumentException("a discovery session has no target name (got " + targetName + ")");
        }
        if (isid < 0 || isid > 0xffff_ffff_ffffL) {
            throw new IllegalArgumentException("ISID 0x" + Long.toHexString(isid) + " does not fit in 48 bits");
        }
        if (tsih < 0 || tsih > 0xffff) {
            throw new IllegalArgumentException("TSIH " + tsih + " out of range 0..65535");
        }
        if (cid < 0 || cid > 0xffff) {
            throw new IllegalArgumentException("CID " + cid + " out of range 0..65535");
        }
        Objects.requireNonNull(proposal, "proposal");
        Objects.requireNonNull(chap, "chap (use Optional.empty())");
        Objects.requireNonNull(portal, "portal");
    }
}
