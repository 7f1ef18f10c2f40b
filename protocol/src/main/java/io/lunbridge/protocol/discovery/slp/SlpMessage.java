package io.lunbridge.protocol.discovery.slp;

/**
 * One decoded SLPv2 message. The set is closed: the user agent handles each kind explicitly.
 * Requests (SrvRqst, AttrRqst, SrvTypeRqst) are what the UA sends; the rest is what it receives
 * or sees on the multicast group (SrvReg and SrvAck only in captures of SA-DA traffic).
 */
public sealed interface SlpMessage permits ServiceRequest, ServiceReply, ServiceRegistration,
        ServiceAck, AttributeRequest, AttributeReply, DirectoryAgentAdvert, ServiceTypeRequest,
        ServiceTypeReply, ServiceAgentAdvert {

    /** The header as received, or as to be sent. */
    SlpHeader header();
}
