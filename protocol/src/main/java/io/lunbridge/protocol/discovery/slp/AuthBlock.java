package io.lunbridge.protocol.discovery.slp;

import java.util.Objects;

/**
 * An SLPv2 authentication block (RFC 2608 §9.2), kept opaque: lunbridge does not implement SLP
 * security, but must skip these blocks correctly and can report that a reply carried them.
 *
 * @param descriptor the Block Structure Descriptor
 * @param timestamp seconds since 1970 after which the block expires
 * @param spi the security parameter index
 * @param structuredAuthenticator the signature bytes (defensively copied)
 */
public record AuthBlock(int descriptor, long timestamp, String spi, byte[] structuredAuthenticator) {

    /** Copies the authenticator. */
    public AuthBlock {
        Objects.requireNonNull(spi, "spi");
        structuredAuthenticator = structuredAuthenticator.clone();
    }

    /** A copy of the authenticator bytes. */
    @Override
    public byte[] structuredAuthenticator() {
        return structuredAuthenticator.clone();
    }
}
