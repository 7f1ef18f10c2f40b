package io.lunbridge.app.discovery;

import io.lunbridge.protocol.discovery.Portal;
import io.lunbridge.protocol.login.ChapCredentials;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What one discovery method knows about a target: its name (absent when the method only knows a
 * portal, which SendTargets then expands), portals, credentials, alias, the local interfaces to use
 * and whether it is a boot disk.
 *
 * @param name target IQN, empty when only a portal is known
 * @param portals where it listens (at least one)
 * @param chap credentials to log in with
 * @param alias TargetAlias, or empty
 * @param interfaces local interfaces to use (empty: the routing table decides)
 * @param boot whether the target holds a boot disk (allowed only from the store)
 * @param source where the record came from, e.g. "file /etc/lunbridge/targets:3"
 * @param transports the transports the target announces (SLP's RFC 4018 {@code transports}, e.g.
 *     tcp); empty when the method does not say
 */
public record TargetRecord(Optional<String> name, List<Portal> portals, Optional<ChapCredentials> chap,
                           String alias, List<String> interfaces, boolean boot, String source,
                           List<String> transports) {

    public TargetRecord {
        Objects.requireNonNull(name, "name");
        portals = List.copyOf(portals);
        interfaces = List.copyOf(interfaces);
        transports = List.copyOf(transports);
        if (portals.isEmpty()) {
            throw new IllegalArgumentException("target record from " + source + " for "
                    + name.orElse("(unnamed)") + " has no portal");
        }
    }

    /** A record whose method does not know the transports. */
    public TargetRecord(Optional<String> name, List<Portal> portals, Optional<ChapCredentials> chap, String alias,
                        List<String> interfaces, boolean boot, String source) {
        this(name, portals, chap, alias, interfaces, boot, source, List.of());
    }

    /** The same record with a name and the portals SendTargets reported. */
    TargetRecord expandedTo(String target, List<Portal> found, String via) {
        return new TargetRecord(Optional.of(target), found, chap, alias, interfaces, boot, source + ", " + via, transports);
    }
}
