package io.lunbridge.protocol.discovery.isns;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;

/** Netty encoder: writes an {@link IsnsMessage} as one or more PDUs ({@link IsnsPduCodec#split}). */
public final class IsnsMessageEncoder extends MessageToByteEncoder<IsnsMessage> {
    private final int maxPayload;

    public IsnsMessageEncoder(int maxPayload) {
        super(IsnsMessage.class);
        this.maxPayload = maxPayload;
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, IsnsMessage message, ByteBuf out) {
        for (IsnsPdu pdu : IsnsPduCodec.split(message, maxPayload)) {
            out.writeBytes(IsnsPduCodec.encode(pdu));
        }
    }
}
