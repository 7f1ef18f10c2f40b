/**
 * SLPv2 (RFC 2608) message codec for lunbridge's user agent, with the RFC 4018
 * {@code service:iscsi:target} URL and attribute template. Pure codecs, tested against real openslp
 * captures; the transport (multicast convergence, DA discovery, TCP retry on overflow) lives in the
 * user agent that uses them.
 */
package io.lunbridge.protocol.discovery.slp;
