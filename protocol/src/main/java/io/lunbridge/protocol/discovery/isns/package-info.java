/**
 * iSNS client (RFC 4171): the iSNSP PDU and message codec, the attribute TLV codec, message
 * builders and parsers, and {@link io.lunbridge.protocol.discovery.isns.IsnsClient}, which
 * registers the initiator node, queries the targets its discovery domains make visible, and
 * follows state change notifications.
 */
package io.lunbridge.protocol.discovery.isns;
