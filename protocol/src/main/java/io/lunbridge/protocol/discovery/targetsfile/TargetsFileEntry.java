package io.lunbridge.protocol.discovery.targetsfile;

import io.lunbridge.protocol.naming.IscsiName;
import java.util.Objects;
import java.util.Optional;

/**
 * One target line of an AIX-format targets file: where the target listens, its name and the
 * optional one-way CHAP credentials the initiator presents to it.
 *
 * @param host the host name (lowercased, not resolved), dotted-decimal IPv4 address or RFC 2373
 *     IPv6 address (lowercased, without brackets)
 * @param port TCP port, 1..65535
 * @param target the target's iSCSI name
 * @param chapSecret the CHAP secret, present when the line carries one
 * @param chapName the CHAP user name: the line's CHAPName, else the initiator name
 * @param location file and line where the entry starts (column 1)
 */
public record TargetsFileEntry(String host, int port, IscsiName target,
        Optional<ChapSecretValue> chapSecret, String chapName, Location location) {

    /** Checks the invariants the parser guarantees, for entries built elsewhere (export). */
    public TargetsFileEntry {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(chapSecret, "chapSecret");
        Objects.requireNonNull(chapName, "chapName");
        Objects.requireNonNull(location, "location");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port: expected 1..65535, found " + port);
        }
    }
}
