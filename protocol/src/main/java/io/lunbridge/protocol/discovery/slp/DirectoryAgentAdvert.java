package io.lunbridge.protocol.discovery.slp;

import java.util.List;
import java.util.Objects;

/**
 * DAAdvert (RFC 2608 §8.5): a directory agent announcing itself, in reply to a SrvRqst for
 * {@code service:directory-agent} or unsolicited (XID 0, R flag). A boot timestamp of 0 means the
 * DA is going down; a changed timestamp means it rebooted and lost its registrations.
 *
 * @param header the header
 * @param errorCode the raw error code
 * @param bootTimestamp seconds since 1970 when the DA started, 0 when stopping
 * @param url the DA's URL, {@code service:directory-agent://host}
 * @param scopes the scopes it serves
 * @param attributeList its attributes, escaped
 * @param spis the SPIs it can verify
 * @param auths authentication blocks
 */
public record DirectoryAgentAdvert(SlpHeader header, int errorCode, long bootTimestamp, String url,
        List<String> scopes, String attributeList, List<String> spis, List<AuthBlock> auths)
        implements SlpMessage {

    /** Copies lists, checks the timestamp range. */
    public DirectoryAgentAdvert {
        Objects.requireNonNull(header, "header");
        if (bootTimestamp < 0 || bootTimestamp > 0xFFFFFFFFL) {
            throw new IllegalArgumentException("boot-timestamp: expected 0..4294967295, found " + bootTimestamp);
        }
        Objects.requireNonNull(url, "url");
        scopes = List.copyOf(scopes);
        Objects.requireNonNull(attributeList, "attributeList");
        spis = List.copyOf(spis);
        auths = List.copyOf(auths);
    }

    /** True when the DA announces that it is stopping (boot timestamp 0). */
    public boolean goingDown() {
        return bootTimestamp == 0;
    }
}
