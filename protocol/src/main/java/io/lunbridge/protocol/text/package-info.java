/**
 * iSCSI text (RFC 7143 §6): the NUL-separated key=value codec, reassembly and splitting of text
 * carried over several PDUs with the C bit, the initiator's operational proposal and the
 * negotiation engine that turns a target's answers into {@link io.lunbridge.protocol.text.SessionParameters}.
 */
package io.lunbridge.protocol.text;
