package io.lunbridge.protocol.login;

import io.lunbridge.protocol.login.LoginException.Kind;

/**
 * Maps a failed login's Status-Class and Status-Detail (RFC 7143 §11.13.5) to a
 * {@link LoginException} whose message tells the operator what happened and what to check.
 * Redirection (class 1) is not an error and is handled by the state machine.
 */
final class LoginStatus {
    private LoginStatus() {
    }

    /** The exception for a class 2 or 3 (or unknown) status; the message names initiator, target and portal. */
    static LoginException toException(int statusClass, int statusDetail, LoginConfig config) {
        int status = (statusClass & 0xff) << 8 | (statusDetail & 0xff);
        String code = String.format("(login status 0x%04x)", status);
        String initiator = "initiator " + config.initiatorName();
        String target = config.targetName() != null ? "target " + config.targetName() : "the discovery service";
        String at = target + " portal " + config.portal();
        switch (status) {
            case 0x0200:
                return ex(Kind.PROTOCOL, status, "target at portal " + config.portal()
                        + " reported an unspecified initiator error " + code + " for " + initiator
                        + ": check the target's log");
            case 0x0201:
                return ex(Kind.AUTHENTICATION, status, "authentication failed for " + initiator + " at " + at
                        + " " + code + ": check the CHAP name and secret (and whether the target requires CHAP)");
            case 0x0202:
                return ex(Kind.AUTHORIZATION, status, initiator + " is not authorized to access " + at + " "
                        + code + ": add the initiator name (or address) to the target's access list");
            case 0x0203:
                return ex(Kind.TARGET_NOT_FOUND, status, target + " was not found at portal " + config.portal()
                        + " " + code + ": check the target name, or rediscover with SendTargets");
            case 0x0204:
                return ex(Kind.TARGET_REMOVED, status, target + " has been removed from portal "
                        + config.portal() + " " + code + ": rediscover the target's current portals");
            case 0x0205:
                return ex(Kind.UNSUPPORTED_VERSION, status, at + " does not support iSCSI version 0 (RFC 7143) "
                        + code + ": the target's iSCSI implementation is not compatible");
            case 0x0206:
                return ex(Kind.TOO_MANY_CONNECTIONS, status, at + " refused " + initiator
                        + ": too many connections " + code + "; stale sessions may still be open, retrying later");
            case 0x0207:
                return ex(Kind.MISSING_PARAMETER, status, at + " reports a missing parameter from " + initiator
                        + " " + code + ": check the initiator name and the target name");
            case 0x0208:
                return ex(Kind.TOO_MANY_CONNECTIONS, status, at + " cannot include this connection in the session "
                        + code + ": it does not accept more connections for this session; retrying later");
            case 0x0209:
                return ex(Kind.SESSION_TYPE_UNSUPPORTED, status, at + " does not support the "
                        + config.sessionType().wireValue() + " session type " + code);
            case 0x020a:
                return ex(Kind.SESSION_DOES_NOT_EXIST, status, at + " no longer has the session with TSIH "
                        + config.tsih() + " " + code + ": log in as a new session (TSIH 0)");
            case 0x020b:
                return ex(Kind.INVALID_DURING_LOGIN, status, at + " received a request invalid during login from "
                        + initiator + " " + code);
            case 0x0300:
                return ex(Kind.TARGET_ERROR, status, at + " had an internal error during the login of " + initiator
                        + " " + code + ": retrying later; check the target's log");
            case 0x0301:
                return ex(Kind.SERVICE_UNAVAILABLE, status, at + " is temporarily unavailable " + code
                        + ": retrying later");
            case 0x0302:
                return ex(Kind.OUT_OF_RESOURCES, status, at + " is out of resources " + code + ": retrying later");
            default:
                if (statusClass == 3) {
                    return ex(Kind.TARGET_ERROR, status, at + " failed the login of " + initiator
                            + " with an unknown target error " + code + ": retrying later");
                }
                return ex(Kind.PROTOCOL, status, at + " failed the login of " + initiator
                        + " with an unknown status " + code);
        }
    }

    private static LoginException ex(Kind kind, int status, String message) {
        return new LoginException(kind, status, message, null);
    }
}
