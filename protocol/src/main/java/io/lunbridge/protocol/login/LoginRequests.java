package io.lunbridge.protocol.login;

import io.lunbridge.protocol.pdu.LoginRequest;
import io.lunbridge.protocol.text.KeyValue;
import io.lunbridge.protocol.text.TextAccumulator;
import io.lunbridge.protocol.text.TextCodec;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * The Login Requests of one login, for {@link LoginStateMachine}: the fields every request repeats
 * (ISID, TSIH, ITT, CID, CmdSN, ExpStatSN), what the last request asked for (CSG, T, NSG: the
 * response is checked against it), and our own text above {@link LoginStateMachine#LOGIN_MAX_DATA_SEGMENT}
 * split into requests with the C bit, sent one per (empty) response.
 *
 * <p>Buffers: every request carries a new unpooled buffer that the PDU encoder releases; the parts
 * not yet sent are held here until sent or {@link #discard}ed.
 */
final class LoginRequests {
    private static final int VERSION = 0;

    private final LoginConfig config;
    private final Deque<ByteBuf> pending = new ArrayDeque<>();
    private int initiatorTaskTag;
    private int cmdSn;
    private int expStatSn;
    private int sentCsg;
    private boolean sentTransit;
    private int sentNsg;
    private boolean pendingTransit;
    private int pendingNsg;

    LoginRequests(LoginConfig config) {
        this.config = config;
    }

    /** The ITT and CmdSN of the whole login (login requests are immediate), and the first ExpStatSN. */
    void begin(int initiatorTaskTag, int cmdSn, int expStatSn) {
        this.initiatorTaskTag = initiatorTaskTag;
        this.cmdSn = cmdSn;
        this.expStatSn = expStatSn;
    }

    int initiatorTaskTag() {
        return initiatorTaskTag;
    }

    /** The StatSN of the response just received: the next request acknowledges it. */
    void acknowledge(int statSn) {
        expStatSn = statSn + 1;
    }

    int sentCsg() {
        return sentCsg;
    }

    boolean sentTransit() {
        return sentTransit;
    }

    int sentNsg() {
        return sentNsg;
    }

    /** Whether parts of our last text are still to be sent (the target must answer each with an empty response). */
    boolean continuing() {
        return !pending.isEmpty();
    }

    /** The next part of our text; the last part carries the T bit and NSG the whole text asked for. */
    LoginRequest nextPart() {
        ByteBuf next = pending.poll();
        boolean last = pending.isEmpty();
        return build(next, !last, sentCsg, last && pendingTransit, last ? pendingNsg : 0);
    }

    /** An empty request asking for the rest of a response the target continued (C bit). */
    LoginRequest askForMore() {
        return build(Unpooled.EMPTY_BUFFER, false, sentCsg, sentTransit, sentNsg);
    }

    /** A request with {@code keys}, split with the C bit when longer than the login data segment. */
    LoginRequest request(List<KeyValue> keys, int csg, boolean transit, int nsg) {
        ByteBuf text = TextCodec.encode(keys, UnpooledByteBufAllocator.DEFAULT);
        if (text.readableBytes() <= LoginStateMachine.LOGIN_MAX_DATA_SEGMENT) {
            return build(text, false, csg, transit, nsg);
        }
        List<ByteBuf> parts;
        try {
            parts = TextAccumulator.split(text, LoginStateMachine.LOGIN_MAX_DATA_SEGMENT);
        } finally {
            text.release();
        }
        pending.addAll(parts.subList(1, parts.size()));
        pendingTransit = transit;
        pendingNsg = nsg;
        return build(parts.get(0), true, csg, false, 0);
    }

    /** Releases the parts not sent (the login failed). */
    void discard() {
        while (!pending.isEmpty()) {
            pending.poll().release();
        }
    }

    private LoginRequest build(ByteBuf data, boolean continueFlag, int csg, boolean transit, int nsg) {
        sentCsg = csg;
        sentTransit = transit;
        sentNsg = transit ? nsg : 0;
        return new LoginRequest(transit, continueFlag, csg, sentNsg, VERSION, VERSION, config.isid(), config.tsih(),
                initiatorTaskTag, config.cid(), cmdSn, expStatSn, data);
    }
}
