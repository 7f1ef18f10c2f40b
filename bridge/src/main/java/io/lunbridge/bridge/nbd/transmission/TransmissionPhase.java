package io.lunbridge.bridge.nbd.transmission;

import io.lunbridge.bridge.nbd.ConnectionContext;
import io.netty.channel.ChannelPipeline;

/** Installs the transmission-phase handlers once option haggling has chosen an export. */
public final class TransmissionPhase {
    /** Pipeline name of the {@link RequestDecoder}. */
    public static final String DECODER = "nbd-request-decoder";
    /** Pipeline name of the {@link TransmissionHandler}. */
    public static final String HANDLER = "nbd-transmission";

    private TransmissionPhase() {
    }

    /** Adds decoder and handler after the handler named {@code after}. */
    public static void install(ChannelPipeline pipeline, String after, TransmissionParameters params,
                               ConnectionContext connection) {
        pipeline.addAfter(after, DECODER, new RequestDecoder(connection.peer()));
        pipeline.addAfter(DECODER, HANDLER, new TransmissionHandler(params, connection.peer(),
                connection.maxInFlight(), connection.maxBytesInFlight()));
    }
}
