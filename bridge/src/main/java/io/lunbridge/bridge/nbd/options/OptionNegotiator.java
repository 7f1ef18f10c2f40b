package io.lunbridge.bridge.nbd.options;

import io.lunbridge.block.Geometry;
import io.lunbridge.bridge.nbd.ConnectionContext;
import io.lunbridge.bridge.nbd.NbdExport;
import io.lunbridge.bridge.nbd.ShutdownRequested;
import io.lunbridge.bridge.nbd.transmission.BlockSizeConstraints;
import io.lunbridge.bridge.nbd.transmission.TransmissionFlags;
import io.lunbridge.bridge.nbd.transmission.TransmissionParameters;
import io.lunbridge.bridge.nbd.transmission.TransmissionPhase;
import io.lunbridge.state.StateMachine;
import io.lunbridge.state.Transitions;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import java.util.List;
import java.util.Optional;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Answers the options of fixed newstyle haggling (proto.md "Option types") and, on NBD_OPT_GO or
 * NBD_OPT_EXPORT_NAME, switches the pipeline to the transmission phase.
 *
 * <p>Supported: EXPORT_NAME, ABORT, LIST, INFO, GO (NBD_INFO_EXPORT always, NAME and DESCRIPTION
 * on request, BLOCK_SIZE always), STRUCTURED_REPLY, LIST_META_CONTEXT and SET_META_CONTEXT with
 * {@code base:allocation}. Every other option (STARTTLS included: this server runs in NOTLS mode)
 * gets NBD_REP_ERR_UNSUP. Malformed data gets NBD_REP_ERR_INVALID, a repeated STRUCTURED_REPLY too
 * (the spec allows failing repeated state changes), unknown exports NBD_REP_ERR_UNKNOWN — except
 * for EXPORT_NAME, which cannot fail and therefore closes the connection.
 */
public final class OptionNegotiator extends ChannelInboundHandlerAdapter {
    /** Pipeline name of this handler. */
    public static final String NAME = "nbd-options";
    /** Pipeline name of the {@link OptionDecoder} that feeds it. */
    public static final String DECODER = "nbd-options-decoder";
    /** Metadata context id given to base:allocation. */
    public static final int BASE_ALLOCATION_ID = 1;

    private static final Logger LOG = LogManager.getLogger(OptionNegotiator.class);

    /** Haggling state: continues until an export is entered or the connection ends. */
    enum State implements Transitions<State> {
        HAGGLING, TRANSMISSION, CLOSED;

        /** Haggling ends once, in transmission or closed. */
        @Override
        public boolean canMoveTo(State next) {
            return this == HAGGLING && next != HAGGLING;
        }
    }

    private final ConnectionContext connection;
    private final boolean noZeroes;
    private final StateMachine<State> state;
    private boolean structuredReplies;
    private NbdExport metaContextExport;

    /**
     * @param noZeroes the client set NBD_FLAG_C_NO_ZEROES
     */
    public OptionNegotiator(ConnectionContext connection, boolean noZeroes) {
        this.connection = connection;
        this.noZeroes = noZeroes;
        this.state = new StateMachine<>("NBD client " + connection.peer() + " options", State.HAGGLING, LOG,
                Level.DEBUG);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof OptionRequest)) {
            ctx.fireChannelRead(msg);
            return;
        }
        if (!state.is(State.HAGGLING)) {
            return;
        }
        OptionRequest req = (OptionRequest) msg;
        LOG.debug("NBD client {}: {}", connection.peer(), req);
        try {
            handle(ctx, req);
        } catch (OptionFormatException e) {
            invalid(ctx, req.option(), e.getMessage());
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof ShutdownRequested) {
            LOG.info("NBD client {}: closing during option haggling, server is shutting down", connection.peer());
            state.moveToIfAllowed(State.CLOSED, "server shutting down");
            ctx.close();
        } else {
            super.userEventTriggered(ctx, evt);
        }
    }

    private void handle(ChannelHandlerContext ctx, OptionRequest req) throws OptionFormatException {
        int opt = req.option();
        switch (opt) {
            case OptionCodes.OPT_EXPORT_NAME:
                exportName(ctx, new OptionData(req.data()).string("export name", req.data().length));
                break;
            case OptionCodes.OPT_ABORT:
                state.moveToIfAllowed(State.CLOSED, "NBD_OPT_ABORT");
                ctx.writeAndFlush(OptionReplies.reply(ctx.alloc(), opt, OptionCodes.REP_ACK))
                        .addListener(ChannelFutureListener.CLOSE);
                break;
            case OptionCodes.OPT_LIST:
                new OptionData(req.data()).end("NBD_OPT_LIST");
                for (NbdExport e : connection.exports().all()) {
                    ctx.write(OptionReplies.server(ctx.alloc(), e.name(), e.description()));
                }
                ack(ctx, opt);
                break;
            case OptionCodes.OPT_INFO:
            case OptionCodes.OPT_GO:
                infoOrGo(ctx, opt, InfoRequest.parse(req.data()));
                break;
            case OptionCodes.OPT_STRUCTURED_REPLY:
                new OptionData(req.data()).end("NBD_OPT_STRUCTURED_REPLY");
                if (structuredReplies) {
                    throw new OptionFormatException("structured replies already negotiated");
                }
                structuredReplies = true;
                ack(ctx, opt);
                break;
            case OptionCodes.OPT_LIST_META_CONTEXT:
            case OptionCodes.OPT_SET_META_CONTEXT:
                metaContext(ctx, opt, req);
                break;
            default:
                LOG.debug("NBD client {}: unsupported option {}", connection.peer(), opt);
                ctx.writeAndFlush(OptionReplies.error(ctx.alloc(), opt, OptionCodes.REP_ERR_UNSUP,
                        "option " + opt + " is not supported by this server"));
        }
    }

    private void exportName(ChannelHandlerContext ctx, String name) {
        Optional<NbdExport> export = connection.exports().find(name);
        if (export.isEmpty()) {
            LOG.warn("NBD client {}: NBD_OPT_EXPORT_NAME '{}' names no export; closing (this option cannot fail)",
                    connection.peer(), name);
            state.moveToIfAllowed(State.CLOSED, "NBD_OPT_EXPORT_NAME names no export");
            ctx.close();
            return;
        }
        TransmissionParameters params = parameters(export.get(), false);
        ByteBuf reply = OptionReplies.exportName(ctx.alloc(), export.get().device().geometry().sizeBytes(),
                params.flags(), noZeroes);
        ctx.writeAndFlush(reply);
        enterTransmission(ctx, params);
    }

    private void infoOrGo(ChannelHandlerContext ctx, int opt, InfoRequest req) {
        Optional<NbdExport> found = connection.exports().find(req.exportName());
        if (found.isEmpty()) {
            LOG.warn("NBD client {}: {} names unknown export '{}'", connection.peer(), optionName(opt),
                    req.exportName());
            ctx.writeAndFlush(OptionReplies.error(ctx.alloc(), opt, OptionCodes.REP_ERR_UNKNOWN,
                    "no export named '" + req.exportName() + "'"));
            return;
        }
        NbdExport export = found.get();
        boolean announced = req.requested(OptionCodes.INFO_BLOCK_SIZE);
        TransmissionParameters params = parameters(export, announced);
        Geometry g = export.device().geometry();
        ctx.write(OptionReplies.infoExport(ctx.alloc(), opt, g.sizeBytes(), params.flags()));
        if (req.requested(OptionCodes.INFO_NAME)) {
            ctx.write(OptionReplies.infoString(ctx.alloc(), opt, OptionCodes.INFO_NAME, export.name()));
        }
        if (req.requested(OptionCodes.INFO_DESCRIPTION) && !export.description().isEmpty()) {
            ctx.write(OptionReplies.infoString(ctx.alloc(), opt, OptionCodes.INFO_DESCRIPTION,
                    export.description()));
        }
        ctx.write(OptionReplies.infoBlockSize(ctx.alloc(), opt, params.blockSizes()));
        ack(ctx, opt);
        if (opt == OptionCodes.OPT_GO) {
            enterTransmission(ctx, params);
        }
    }

    private void metaContext(ChannelHandlerContext ctx, int opt, OptionRequest req) throws OptionFormatException {
        boolean set = opt == OptionCodes.OPT_SET_META_CONTEXT;
        if (set) {
            metaContextExport = null; // replaced even when this request fails
        }
        if (!structuredReplies) {
            throw new OptionFormatException(optionName(opt) + " before NBD_OPT_STRUCTURED_REPLY");
        }
        MetaContextRequest mc = MetaContextRequest.parse(req.data());
        Optional<NbdExport> export = connection.exports().find(mc.exportName());
        if (export.isEmpty()) {
            LOG.warn("NBD client {}: {} names unknown export '{}'", connection.peer(), optionName(opt),
                    mc.exportName());
            ctx.writeAndFlush(OptionReplies.error(ctx.alloc(), opt, OptionCodes.REP_ERR_UNKNOWN,
                    "no export named '" + mc.exportName() + "'"));
            return;
        }
        List<String> contexts = set ? mc.selected() : mc.listed();
        for (String name : contexts) {
            ctx.write(OptionReplies.metaContext(ctx.alloc(), opt, set ? BASE_ALLOCATION_ID : 0, name));
        }
        if (set && !contexts.isEmpty()) {
            metaContextExport = export.get();
        }
        ack(ctx, opt);
    }

    private TransmissionParameters parameters(NbdExport export, boolean blockSizesAnnounced) {
        Geometry g = export.device().geometry();
        int metaId = metaContextExport == export ? BASE_ALLOCATION_ID : 0;
        return new TransmissionParameters(export, structuredReplies, metaId,
                TransmissionFlags.of(g, structuredReplies), BlockSizeConstraints.from(g), blockSizesAnnounced);
    }

    private void enterTransmission(ChannelHandlerContext ctx, TransmissionParameters params) {
        state.moveToIfAllowed(State.TRANSMISSION, "export '" + params.export().name() + "'");
        LOG.info("NBD client {} entered transmission on export '{}' (structured replies {}, base:allocation {}, "
                        + "flags 0x{})", connection.peer(), params.export().name(), params.structuredReplies(),
                params.metaContextId() != 0, Integer.toHexString(params.flags()));
        ChannelPipeline p = ctx.pipeline();
        TransmissionPhase.install(p, ctx.name(), params, connection);
        p.remove(this);
        if (p.get(DECODER) != null) {
            p.remove(DECODER);
        }
    }

    private void ack(ChannelHandlerContext ctx, int opt) {
        ctx.writeAndFlush(OptionReplies.reply(ctx.alloc(), opt, OptionCodes.REP_ACK));
    }

    private void invalid(ChannelHandlerContext ctx, int opt, String message) {
        LOG.warn("NBD client {}: invalid {}: {}", connection.peer(), optionName(opt), message);
        ctx.writeAndFlush(OptionReplies.error(ctx.alloc(), opt, OptionCodes.REP_ERR_INVALID, message));
    }

    private static String optionName(int opt) {
        switch (opt) {
            case OptionCodes.OPT_INFO: return "NBD_OPT_INFO";
            case OptionCodes.OPT_GO: return "NBD_OPT_GO";
            case OptionCodes.OPT_LIST: return "NBD_OPT_LIST";
            case OptionCodes.OPT_STRUCTURED_REPLY: return "NBD_OPT_STRUCTURED_REPLY";
            case OptionCodes.OPT_LIST_META_CONTEXT: return "NBD_OPT_LIST_META_CONTEXT";
            case OptionCodes.OPT_SET_META_CONTEXT: return "NBD_OPT_SET_META_CONTEXT";
            default: return "option " + opt;
        }
    }
}
