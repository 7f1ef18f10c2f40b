/**
 * iSCSI node names (RFC 7143 §4.2.7, RFC 3722): validation, normalization and generation of the
 * local initiator name. Shared by login, discovery and configuration so that every name the
 * initiator handles has been checked once, in one place.
 */
package io.lunbridge.protocol.naming;
