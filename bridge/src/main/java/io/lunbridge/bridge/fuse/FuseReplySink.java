package io.lunbridge.bridge.fuse;

import io.netty.buffer.ByteBuf;

/**
 * Where {@link LunFileSystem} sends replies: /dev/fuse in production ({@link FuseDevice}), a list in
 * tests. Takes ownership of both buffers. May be called from any thread.
 */
public interface FuseReplySink {
    /** Sends a complete reply (header and arguments). */
    void reply(ByteBuf reply);

    /** Sends a reply whose header is followed by {@code data} (READ), in one write. */
    void reply(ByteBuf header, ByteBuf data);
}
