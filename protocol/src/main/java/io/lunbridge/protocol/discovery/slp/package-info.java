/**
 * SLPv2 (RFC 2608) for lunbridge: the message codec with the RFC 4018 {@code service:iscsi:target}
 * URL and attribute template (pure, tested against real openslp captures), and the
 * {@link io.lunbridge.protocol.discovery.slp.SlpUserAgent} that finds iSCSI targets through
 * directory agents or multicast convergence, with RFC 2608 retransmission, TCP retry on overflow
 * and DA tracking ({@code UnicastExchange}, {@code MulticastConvergence}, {@code DirectoryAgentCache}
 * on one event loop, {@code SlpNetwork}).
 */
package io.lunbridge.protocol.discovery.slp;
