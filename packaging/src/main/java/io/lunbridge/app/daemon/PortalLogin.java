package io.lunbridge.app.daemon;

import io.lunbridge.app.PortalAddress;
import io.lunbridge.protocol.login.ChapCredentials;
import io.lunbridge.protocol.naming.IscsiName;
import java.util.List;
import java.util.Optional;

/**
 * Where the daemon logs in to a target named by {@code lunbridge login IQN --portal HOST[:PORT]}
 * (open-iscsi's {@code iscsiadm -m node -T IQN -p PORTAL --login}): that portal alone and the CHAP
 * credentials given with it (read from the files the request names: the secrets never travel or get
 * logged, {@link ChapCredentials} redacts them), instead of the discovery policy's answer. The target
 * need not be in the store and is not written to it.
 */
public record PortalLogin(PortalAddress portal, Optional<ChapCredentials> chap) {
    /** {@code HOST:PORT} ({@code [V6]:PORT}), as the errors name it. */
    public String text() {
        return (portal.host().indexOf(':') >= 0 ? "[" + portal.host() + "]" : portal.host()) + ":" + portal.port();
    }

    /**
     * Refuses, naming the portal and the target, when the portal's SendTargets answer ({@code listed},
     * the target names) does not list {@code target}: logging in blindly would only fail later with
     * the target's less clear login status.
     */
    public void checkListed(IscsiName target, List<String> listed) {
        if (listed.stream().noneMatch(n -> n.equalsIgnoreCase(target.value()))) {
            throw new IllegalArgumentException("portal " + text() + " does not list target " + target
                    + " in its SendTargets answer (" + (listed.isEmpty() ? "it lists no target" : "it lists: "
                    + String.join(", ", listed)) + ")");
        }
    }
}
