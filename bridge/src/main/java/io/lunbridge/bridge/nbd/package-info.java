/**
 * NBD server for lunbridge: exports {@link io.lunbridge.block.BlockDevice}s over the NBD protocol
 * (fixed newstyle). Subpackages follow the protocol phases: {@code handshake} (greeting and client
 * flags), {@code options} (option haggling) and {@code transmission} (requests and replies). Nothing
 * here knows about iSCSI.
 */
package io.lunbridge.bridge.nbd;
