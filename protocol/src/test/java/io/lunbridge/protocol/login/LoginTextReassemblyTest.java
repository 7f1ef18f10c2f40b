package io.lunbridge.protocol.login;

import static io.lunbridge.protocol.login.LoginStateMachineTest.ACCEPT_ALL;
import static io.lunbridge.protocol.login.LoginStateMachineTest.ISID;
import static io.lunbridge.protocol.login.LoginStateMachineTest.ITT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lunbridge.protocol.pdu.LoginRequest;
import io.lunbridge.protocol.pdu.LoginResponse;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Login responses split with the C bit anywhere (RFC 7143 §6.1: at any byte, even inside a
 * key=value or a UTF-8 character), keys in any order, a key the initiator does not know: the
 * reassembly is bounded by the total text size, never by the number of PDUs (issue 9 item 7).
 */
class LoginTextReassemblyTest {
    private static final String UNKNOWN = "X-com.example.Site";

    /** The operational answers in some order plus a key we do not know, with a non-ASCII value. */
    private static byte[] operationalText(long seed) {
        List<String> keys = new ArrayList<>(List.of(ACCEPT_ALL));
        keys.add(UNKNOWN + "=Zürich-Ωmega");
        Collections.shuffle(keys, new Random(seed));
        StringBuilder sb = new StringBuilder();
        keys.forEach(k -> sb.append(k).append('\0'));
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static LoginResponse response(boolean transit, boolean c, int statSn, int tsih, ByteBuf data) {
        return new LoginResponse(transit, c, 1, transit ? 3 : 0, 0, 0, ISID, tsih, ITT, statSn, 1, 9, 0, 0, data);
    }

    /** A machine in the operational stage, its first operational request released. */
    private static LoginStateMachine operational(int maxTextBytes) throws LoginException {
        LoginStateMachine m = new LoginStateMachine(LoginStateMachineTest.config(SessionType.NORMAL, Optional.empty()),
                new ChapAuthenticatorTest.ScriptedRandom(), maxTextBytes);
        m.start(ITT, 5, 0).release();
        LoginStateMachineTest.send(m.onResponse(LoginStateMachineTest.resp(true, false, 0, 1, 0, 1,
                "AuthMethod=None", "TargetPortalGroupTag=1"))).release();
        return m;
    }

    /** Feeds {@code text} cut at {@code cuts} (ascending offsets) and returns the initiator's answer to it. */
    private static LoginRequest feed(LoginStateMachine m, byte[] text, int... cuts) throws LoginException {
        int from = 0;
        int statSn = 2;
        for (int cut : cuts) {
            LoginRequest ack = LoginStateMachineTest.send(m.onResponse(response(false, true, statSn++, 0,
                    Unpooled.wrappedBuffer(text, from, cut - from))));
            assertEquals(0, ack.data().readableBytes(), "a continued response is answered with an empty request");
            assertFalse(ack.continueFlag());
            ack.release();
            from = cut;
        }
        return LoginStateMachineTest.send(m.onResponse(response(false, false, statSn, 0,
                Unpooled.wrappedBuffer(text, from, text.length - from))));
    }

    private static void answersUnknownKeyAndCompletes(LoginStateMachine m, LoginRequest answer) throws LoginException {
        Map<String, String> keys = LoginStateMachineTest.keys(answer);
        assertEquals("NotUnderstood", keys.get(UNKNOWN), keys.toString());
        LoginStep.Complete done = assertInstanceOf(LoginStep.Complete.class,
                m.onResponse(response(true, false, 99, 0x22, Unpooled.EMPTY_BUFFER)));
        assertEquals(262144, done.params().maxBurstLength());
        assertEquals(LoginStateMachine.Stage.FULL_FEATURE, m.stage());
    }

    @Test
    void responseCutAtEveryByteOffsetIsReassembled() throws LoginException {
        byte[] text = operationalText(1);
        for (int cut = 1; cut < text.length; cut++) {
            LoginStateMachine m = operational(LoginStateMachine.DEFAULT_MAX_TEXT_BYTES);
            answersUnknownKeyAndCompletes(m, feed(m, text, cut));
        }
    }

    @Test
    void responseCutIntoThreeAtEveryPairOfOffsetsNearAMultiByteCharacter() throws LoginException {
        byte[] text = operationalText(2);
        int u = new String(text, StandardCharsets.UTF_8).indexOf("ü"); // chars before ü are one byte each
        for (int a = u - 3; a <= u + 3; a++) {
            for (int b = a + 1; b <= u + 8; b++) {
                LoginStateMachine m = operational(LoginStateMachine.DEFAULT_MAX_TEXT_BYTES);
                answersUnknownKeyAndCompletes(m, feed(m, text, a, b));
            }
        }
    }

    @Test
    void keysInAnyOrderGiveTheSameResult() throws LoginException {
        for (long seed = 0; seed < 20; seed++) {
            LoginStateMachine m = operational(LoginStateMachine.DEFAULT_MAX_TEXT_BYTES);
            answersUnknownKeyAndCompletes(m, feed(m, operationalText(seed), 17));
        }
    }

    @Test
    void oneBytePerPduIsManyMoreThanThirtyTwoResponsesAndStillCompletes() throws LoginException {
        byte[] text = operationalText(3);
        int[] cuts = new int[text.length - 1];
        for (int i = 0; i < cuts.length; i++) {
            cuts[i] = i + 1;
        }
        assertTrue(cuts.length > 4 * LoginStateMachine.MAX_EXCHANGES, "PDUs: " + cuts.length);
        LoginStateMachine m = operational(LoginStateMachine.DEFAULT_MAX_TEXT_BYTES);
        answersUnknownKeyAndCompletes(m, feed(m, text, cuts));
    }

    @Test
    void textAtTheBoundIsAcceptedAndOneByteOverIsRefusedNamingTheLimit() throws LoginException {
        byte[] text = operationalText(4);
        LoginStateMachine atBound = operational(text.length);
        answersUnknownKeyAndCompletes(atBound, feed(atBound, text, 100, 200));

        LoginStateMachine over = operational(text.length - 1);
        LoginException e = assertThrows(LoginException.class, () -> feed(over, text, 100, 200));
        assertEquals(LoginException.Kind.PROTOCOL, e.kind());
        assertTrue(e.getMessage().contains("exceeds the limit of " + (text.length - 1) + " bytes"), e.getMessage());
        assertTrue(e.getMessage().contains("portal " + LoginStateMachineTest.PORTAL), "names the peer: " + e.getMessage());
        assertEquals(LoginStateMachine.Stage.FAILED, over.stage());
    }

    @Test
    void defaultBoundIsSixtyFourKibibytes() throws LoginException {
        LoginStateMachine m = operational(LoginStateMachine.DEFAULT_MAX_TEXT_BYTES);
        byte[] chunk = "X-com.example.Pad=".concat("p".repeat(4000)).getBytes(StandardCharsets.US_ASCII);
        int statSn = 2;
        long sent = 0;
        LoginException e = null;
        while (e == null) {
            ByteBuf part = Unpooled.wrappedBuffer(chunk);
            sent += chunk.length;
            try {
                LoginStateMachineTest.send(m.onResponse(response(false, true, statSn++, 0, part))).release();
            } catch (LoginException refused) {
                e = refused;
            }
            assertTrue(sent < 2L * LoginStateMachine.DEFAULT_MAX_TEXT_BYTES, "not refused after " + sent + " bytes");
        }
        assertTrue(sent > LoginStateMachine.DEFAULT_MAX_TEXT_BYTES && sent - chunk.length <= 65536, "refused at " + sent);
    }

    @Test
    void continuedResponseWithoutTextIsRefused() throws LoginException {
        LoginStateMachine m = operational(LoginStateMachine.DEFAULT_MAX_TEXT_BYTES);
        LoginException e = assertThrows(LoginException.class,
                () -> m.onResponse(response(false, true, 2, 0, Unpooled.EMPTY_BUFFER)));
        assertTrue(e.getMessage().contains("the C bit but no text"), e.getMessage());
    }
}
