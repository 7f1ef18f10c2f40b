package io.lunbridge.mpio;

import io.lunbridge.protocol.login.LoginException;
import io.lunbridge.protocol.pdu.PduStats;
import io.lunbridge.protocol.session.Connector;
import java.util.Locale;
import java.util.Map;

/**
 * The session counters of one path (one nexus) since the process started, over all its
 * connections: for {@code lunbridge status --metrics}.
 *
 * @param target the target's name
 * @param endpoint the path: interface (or none) and portal
 * @param loggedIn whether a session is logged in now
 * @param logins successful logins (the first one and every re-login)
 * @param loginFailures failed login attempts by kind: a {@link LoginException.Kind} in lower case
 *     (e.g. {@code authentication}), {@code connect} (no connection, the login timed out or the
 *     target closed it) or {@code other}
 * @param pdus PDUs sent and received, digest errors
 */
public record SessionStats(String target, PathEndpoint endpoint, boolean loggedIn, long logins,
                           Map<String, Long> loginFailures, PduStats pdus) {
    public SessionStats {
        loginFailures = Map.copyOf(loginFailures);
    }

    /** Logins after the first: how often the path came back after losing its session. */
    public long relogins() {
        return Math.max(0, logins - 1);
    }

    /** The kind of a failed login, for {@link #loginFailures}. */
    static String failureKind(Throwable t) {
        if (t instanceof LoginException e) {
            return e.kind().name().toLowerCase(Locale.ROOT);
        }
        return t instanceof Connector.ConnectException ? "connect" : "other";
    }
}
