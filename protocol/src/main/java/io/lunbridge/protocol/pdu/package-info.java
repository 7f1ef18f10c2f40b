/**
 * iSCSI PDUs (RFC 7143 §11) as records, their codec, digests, and the Netty pipeline handlers
 * that frame them on a TCP connection.
 */
package io.lunbridge.protocol.pdu;
