package io.lunbridge.protocol.pdu;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.util.concurrent.PromiseCombiner;

/**
 * Writes {@link Pdu} messages to the wire as up to three buffers, without copying the data
 * segment: a small header buffer (BHS, AHS and header digest), the PDU's data {@link ByteBuf}
 * itself, and a small trailer (padding and data digest) when one is needed. The caller's promise
 * completes when all of them are written. Other messages pass through unchanged.
 *
 * <p><b>Ownership.</b> The encoder takes over the PDU's reference to its data and releases it
 * exactly once: by handing it to the next handler (which releases it after writing) or, if
 * encoding fails, itself.
 *
 * <p>A data segment longer than MaxSendDataSegmentLength is a bug in the caller (the session
 * splits data by the negotiated length): the write fails with {@link IllegalArgumentException}.
 * Flushing is left to the caller, which batches writes. Every PDU handed on is counted in the
 * encoder's {@link PduCounters}. {@link #setFraming} must be called on the
 * channel's event loop.
 */
public final class PduEncoder extends ChannelOutboundHandlerAdapter {
    private final PduCounters counters;
    private FramingParameters framing;
    private ChannelHandlerContext context;

    /** An encoder with the given initial framing, normally {@link FramingParameters#LOGIN}. */
    public PduEncoder(FramingParameters framing) {
        this(framing, new PduCounters());
    }

    /** As above, counting every PDU written into {@code counters} (on the event loop). */
    public PduEncoder(FramingParameters framing, PduCounters counters) {
        this.counters = counters;
        setFraming(framing);
    }

    /** Changes digests and MaxSendDataSegmentLength for all PDUs written after this call. */
    public void setFraming(FramingParameters framing) {
        if (framing == null) {
            throw new IllegalArgumentException("framing is null");
        }
        if (context != null && !context.executor().inEventLoop()) {
            throw new IllegalStateException("setFraming called outside the channel's event loop");
        }
        this.framing = framing;
    }

    /** The framing now in force. */
    public FramingParameters framing() {
        return framing;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        context = ctx;
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (!(msg instanceof Pdu)) {
            ctx.write(msg, promise);
            return;
        }
        Pdu pdu = (Pdu) msg;
        ByteBuf data = pdu.data();
        ByteBuf header = null;
        ByteBuf trailer = null;
        try {
            FramingParameters f = framing;
            int dataLength = data.readableBytes();
            if (dataLength > f.maxSendDataSegmentLength()) {
                throw new IllegalArgumentException(pdu.opcode() + " data segment of " + dataLength
                        + " bytes exceeds MaxSendDataSegmentLength " + f.maxSendDataSegmentLength());
            }
            int headerLength = PduCodec.headerLength(pdu);
            header = ctx.alloc().buffer(headerLength + (f.headerDigest() ? Digests.LENGTH : 0));
            PduCodec.encodeHeader(pdu, header);
            if (f.headerDigest()) {
                Digests.write(header, Digests.crc32c(header, header.readerIndex(), headerLength));
            }
            int padding = PduCodec.padding(dataLength);
            boolean dataDigest = f.dataDigest() && dataLength > 0;
            if (padding > 0 || dataDigest) {
                trailer = ctx.alloc().buffer(padding + (dataDigest ? Digests.LENGTH : 0));
                trailer.writeZero(padding);
                if (dataDigest) {
                    Digests.write(trailer, Digests.dataDigest(data, data.readerIndex(), dataLength));
                }
            }
        } catch (RuntimeException e) {
            release(header);
            release(trailer);
            data.release();
            promise.setFailure(e);
            return;
        }
        counters.sent(pdu.opcode());
        if (data.isReadable() || trailer != null) {
            PromiseCombiner combiner = new PromiseCombiner(ctx.executor());
            combiner.add(ctx.write(header));
            if (data.isReadable()) {
                combiner.add(ctx.write(data));
            } else {
                data.release();
            }
            if (trailer != null) {
                combiner.add(ctx.write(trailer));
            }
            combiner.finish(promise);
        } else {
            data.release();
            ctx.write(header, promise);
        }
    }

    private static void release(ByteBuf buf) {
        if (buf != null) {
            buf.release();
        }
    }
}
