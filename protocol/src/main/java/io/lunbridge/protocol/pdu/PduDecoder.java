package io.lunbridge.protocol.pdu;

import io.lunbridge.wire.StopAtFirstErrorDecoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import java.util.List;

/**
 * Cuts the received TCP byte stream into PDUs (RFC 7143 §11.2): BHS (48 bytes), AHS
 * (TotalAHSLength × 4), header digest (4, if negotiated), data segment padded to a multiple of
 * four, data digest (4, if negotiated and the data segment is not empty). It verifies both
 * digests (CRC32C, {@link Digests}), that padding bytes are zero and that DataSegmentLength does not
 * exceed our MaxRecvDataSegmentLength, then emits the {@link Pdu} from {@link PduCodec#decode}.
 *
 * <p><b>No copies.</b> The data segment of an emitted PDU is a retained slice of the cumulation
 * buffer; the consumer owns that reference and releases it (see {@link Pdu}). The decoder uses
 * {@link io.netty.handler.codec.ByteToMessageDecoder#COMPOSITE_CUMULATOR}: a PDU whose data spans several socket reads is
 * assembled by adding each read buffer as a component. The default MERGE_CUMULATOR would copy every
 * read into the cumulation whenever bytes are left over from the previous read, and would copy the
 * whole cumulation again whenever a consumer still holds a slice of it (refCnt &gt; 1) — i.e. on
 * every large read-heavy workload. Composite access is slower for the 48 header bytes, which is
 * cheap next to copying up to MaxRecvDataSegmentLength bytes per PDU.
 *
 * <p><b>Errors.</b> Any violation is a connection error: the decoder fires one
 * {@link PduFormatException} (naming the field and value) down the pipeline with
 * {@code fireExceptionCaught}, discards all further input, and leaves closing the connection to
 * the handler that catches it.
 *
 * <p><b>Counting.</b> Every PDU emitted and every digest mismatch is counted in the decoder's
 * {@link PduCounters} (given, e.g. one per multipath path, or its own).
 *
 * <p><b>Threading.</b> {@link #setFraming} must be called on the channel's event loop, typically
 * by the handler that processes the final Login Response; it applies to every PDU not yet decoded,
 * including bytes already buffered.
 */
public final class PduDecoder extends StopAtFirstErrorDecoder {
    private final PduCounters counters;
    private FramingParameters framing;
    private ChannelHandlerContext context;

    /** A decoder with the given initial framing, normally {@link FramingParameters#LOGIN}. */
    public PduDecoder(FramingParameters framing) {
        this(framing, new PduCounters());
    }

    /** As above, counting every decoded PDU and every digest mismatch into {@code counters} (on the event loop). */
    public PduDecoder(FramingParameters framing, PduCounters counters) {
        this.counters = counters;
        setFraming(framing);
        setCumulator(COMPOSITE_CUMULATOR);
    }

    /** Changes digests and MaxRecvDataSegmentLength for all PDUs not yet decoded. Event loop only. */
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

    /** Bytes received but not yet decoded (part of a PDU); non-zero at connection close means a cut PDU. */
    public int bufferedBytes() {
        return actualReadableBytes();
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) throws Exception {
        context = ctx;
        super.handlerAdded(ctx);
    }

    @Override
    protected void decodeFrames(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        Pdu pdu = decodeOne(in);
        if (pdu != null) {
            out.add(pdu);
        }
    }

    /** Decodes one PDU if all of it is buffered; null if more bytes are needed. */
    private Pdu decodeOne(ByteBuf in) {
        if (in.readableBytes() < PduCodec.BHS_LENGTH) {
            return null;
        }
        FramingParameters f = framing;
        int start = in.readerIndex();
        int headerLength = PduCodec.BHS_LENGTH + 4 * in.getUnsignedByte(start + 4);
        int headerDigestLength = f.headerDigest() ? Digests.LENGTH : 0;
        if (in.readableBytes() < headerLength + headerDigestLength) {
            return null;
        }
        // The header digest is checked first: until it holds, no length field can be trusted.
        if (f.headerDigest()) {
            int received = Digests.read(in, start + headerLength);
            int computed = Digests.crc32c(in, start, headerLength);
            if (received != computed) {
                counters.headerDigestError();
                throw new PduFormatException("HeaderDigest", headerLength, String.format(
                        "header digest mismatch: received 0x%08x, computed 0x%08x", received, computed));
            }
        }
        Opcode.of(in.getUnsignedByte(start) & 0x3f);
        int dataLength = in.getUnsignedMedium(start + 5);
        if (dataLength > f.maxRecvDataSegmentLength()) {
            throw new PduFormatException("DataSegmentLength", 5, "DataSegmentLength " + dataLength
                    + " exceeds MaxRecvDataSegmentLength " + f.maxRecvDataSegmentLength());
        }
        int padding = PduCodec.padding(dataLength);
        int dataDigestLength = f.dataDigest() && dataLength > 0 ? Digests.LENGTH : 0;
        int dataStart = start + headerLength + headerDigestLength;
        int total = headerLength + headerDigestLength + dataLength + padding + dataDigestLength;
        if (in.readableBytes() < total) {
            return null;
        }
        for (int i = 0; i < padding; i++) {
            byte b = in.getByte(dataStart + dataLength + i);
            if (b != 0) {
                throw new PduFormatException("data segment padding",
                        headerLength + headerDigestLength + dataLength + i, String.format("padding byte %d of data segment is 0x%02x, must be 0", i + 1, b & 0xff));
            }
        }
        if (dataDigestLength != 0) {
            int received = Digests.read(in, dataStart + dataLength + padding);
            int computed = Digests.dataDigest(in, dataStart, dataLength);
            if (received != computed) {
                counters.dataDigestError();
                throw new PduFormatException("DataDigest", headerLength + headerDigestLength + dataLength + padding,
                        String.format("data digest mismatch: received 0x%08x, computed 0x%08x", received, computed));
            }
        }
        ByteBuf header = in.slice(start, headerLength);
        ByteBuf data = dataLength == 0 ? Unpooled.EMPTY_BUFFER : in.retainedSlice(dataStart, dataLength);
        in.skipBytes(total);
        Pdu pdu = PduCodec.decode(header, data);
        counters.received(pdu.opcode());
        return pdu;
    }
}
