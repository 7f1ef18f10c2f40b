package io.lunbridge.bridge.nbd.transmission;

import io.lunbridge.bridge.nbd.NbdFormatException;
import io.lunbridge.wire.StopAtFirstErrorDecoder;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Splits the transmission byte stream into {@link NbdRequest}s. A write's payload is emitted as a
 * retained slice of the receive buffer once it has fully arrived, so a client that disconnects in
 * the middle of a payload never produces a request: the partial data is dropped (and released with
 * the decoder's buffer), nothing is written.
 *
 * <p>No user-space copy of a payload: the decoder cumulates with
 * {@link ByteToMessageDecoder#COMPOSITE_CUMULATOR}, so a payload that arrived over several socket
 * reads is a slice over those receive buffers themselves (the Data-Out PDUs then slice it again and
 * the iSCSI encoder writes the slices as they are). Ownership: the emitted request holds one
 * reference to its payload; whoever consumes the request releases it.
 *
 * <p>Malformed input follows the decoder-error convention (docs/architecture.md, "Decoder errors"): a
 * bad request magic cannot be resynchronised, and a write payload over 32 MiB is treated as the
 * denial of service proto.md allows a server to refuse; both are an {@link NbdFormatException} naming
 * the field ("request magic" at offset 0, "length" at offset 24) and the value, fired down the
 * pipeline unwrapped ({@link StopAtFirstErrorDecoder}, which discards every later byte). The
 * {@link TransmissionHandler} logs it once and closes the connection after the requests in flight.
 * Unknown command types and flags are not framing errors: they are answered with EINVAL by the
 * {@link RequestValidator}, as proto.md asks.
 */
public final class RequestDecoder extends StopAtFirstErrorDecoder {
    private static final Logger LOG = LogManager.getLogger(RequestDecoder.class);
    /** Offset of the request magic in the request header. */
    static final int MAGIC_OFFSET = 0;
    /** Offset of the length field in the request header. */
    static final int LENGTH_OFFSET = 24;

    private final String peer;

    public RequestDecoder(String peer) {
        this.peer = peer;
        setCumulator(COMPOSITE_CUMULATOR);
    }

    @Override
    protected void decodeFrames(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (in.readableBytes() < NbdRequest.HEADER_BYTES) {
            return;
        }
        int start = in.readerIndex();
        int magic = in.getInt(start);
        if (magic != NbdRequest.MAGIC) {
            throw new NbdFormatException("request magic", MAGIC_OFFSET,
                    "bad request magic 0x" + Integer.toHexString(magic) + " (expected 0x25609513)");
        }
        int flags = in.getUnsignedShort(start + 4);
        int type = in.getUnsignedShort(start + 6);
        long handle = in.getLong(start + 8);
        long offset = in.getLong(start + 16);
        long length = in.getUnsignedInt(start + LENGTH_OFFSET);
        ByteBuf payload = null;
        if (type == Command.WRITE.code()) {
            if (length > BlockSizeConstraints.MAX_PAYLOAD) {
                throw new NbdFormatException("length", LENGTH_OFFSET, "WRITE length " + length
                        + " exceeds the 32 MiB payload limit (handle 0x" + Long.toHexString(handle) + ")");
            }
            if (in.readableBytes() < NbdRequest.HEADER_BYTES + length) {
                return;
            }
            in.skipBytes(NbdRequest.HEADER_BYTES);
            payload = in.readRetainedSlice((int) length);
        } else {
            in.skipBytes(NbdRequest.HEADER_BYTES);
        }
        out.add(new NbdRequest(flags, type, handle, offset, length, payload));
    }

    @Override
    protected void decodeLast(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) throws Exception {
        if (!failed() && in.isReadable()) {
            int readable = in.readableBytes();
            if (readable >= NbdRequest.HEADER_BYTES && in.getUnsignedShort(in.readerIndex() + 6) == Command.WRITE.code()
                    && in.getInt(in.readerIndex()) == NbdRequest.MAGIC) {
                LOG.warn("NBD client {} disconnected in the middle of a WRITE payload (handle 0x{}, {} of {} bytes "
                                + "received): discarded, nothing written", peer,
                        Long.toHexString(in.getLong(in.readerIndex() + 8)), readable - NbdRequest.HEADER_BYTES,
                        in.getUnsignedInt(in.readerIndex() + 24));
            } else {
                LOG.warn("NBD client {} disconnected in the middle of a request header ({} of {} bytes): discarded",
                        peer, readable, NbdRequest.HEADER_BYTES);
            }
            in.skipBytes(readable);
        }
    }
}
