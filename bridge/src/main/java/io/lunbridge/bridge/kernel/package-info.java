/**
 * Kernel attach: turns a {@link io.lunbridge.block.BlockDevice} into a {@code /dev/nbdN} of the
 * running kernel. One end of a Unix socketpair is served by the NBD transmission-phase handlers of
 * {@link io.lunbridge.bridge.nbd.transmission} (the kernel skips the handshake); the other end is
 * handed to the kernel's nbd driver, through generic netlink (family "nbd", NBD_CMD_CONNECT) or, where
 * that is unavailable, through the older ioctl interface (NBD_SET_SOCK … NBD_DO_IT).
 *
 * <p>The netlink messages are built and parsed by a pure codec ({@link NetlinkCodec}); the system
 * calls go through jnr-ffi ({@link Posix}).
 */
package io.lunbridge.bridge.kernel;
