/**
 * FUSE + loop fallback for hosts without the nbd driver: every LUN becomes a file in a FUSE mount
 * served by this JVM, speaking the FUSE protocol on {@code /dev/fuse} directly (no libfuse), and the
 * file is attached to a loop device with direct I/O.
 *
 * <p>Layers: {@link io.lunbridge.bridge.fuse.FuseRequestDecoder} and
 * {@link io.lunbridge.bridge.fuse.FuseReplyEncoder} are the pure codec (layouts of the kernel's
 * {@code include/uapi/linux/fuse.h}, little-endian); {@link io.lunbridge.bridge.fuse.LunFileSystem}
 * answers requests for a one-directory filesystem over {@link io.lunbridge.block.BlockDevice}s;
 * {@link io.lunbridge.bridge.fuse.FuseServer} owns the device and the mount, and
 * {@link io.lunbridge.bridge.fuse.FuseReader} reads requests on the block devices' epoll event loop;
 * {@link io.lunbridge.bridge.fuse.LoopDevice} attaches a file with {@code losetup}; and
 * {@link io.lunbridge.bridge.fuse.FuseLoopAttachment} ties them together. Nothing here knows iSCSI.
 */
package io.lunbridge.bridge.fuse;
