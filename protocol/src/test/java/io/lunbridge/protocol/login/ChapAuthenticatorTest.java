package io.lunbridge.protocol.login;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lunbridge.protocol.text.KeyValue;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The CHAP exchange and every refusal. Response vectors computed with Python's hashlib. */
class ChapAuthenticatorTest {
    static final String TARGET_CHALLENGE = "0xdeadbeef00112233445566778899aabbccddeeff";
    /** MD5(0xa5 || "lunbridge-secret-1" || TARGET_CHALLENGE). */
    static final String OUR_RESPONSE = "0x052d3d4961f2bee196d02bee4bd0c6c1";
    /** The challenge {@link ScriptedRandom} makes us send: bytes 0x01..0x10. */
    static final String OUR_CHALLENGE = "0x0102030405060708090a0b0c0d0e0f10";
    /** MD5(9 || "target-secret-22" || OUR_CHALLENGE): the correct mutual answer. */
    static final String TARGET_RESPONSE = "0x062420bb5ebdd75387d5249f93332c3b";

    /** Deterministic "random" source: identifier 9, then the queued challenges. */
    static final class ScriptedRandom extends SecureRandom {
        private static final long serialVersionUID = 1L;
        final transient Deque<byte[]> challenges = new ArrayDeque<>();

        ScriptedRandom(byte[]... queued) {
            challenges.addAll(List.of(queued));
        }

        @Override
        public int nextInt(int bound) {
            return 9;
        }

        @Override
        public void nextBytes(byte[] bytes) {
            byte[] next = challenges.isEmpty() ? counting() : challenges.poll();
            System.arraycopy(next, 0, bytes, 0, bytes.length);
        }

        static byte[] counting() {
            byte[] b = new byte[16];
            for (int i = 0; i < 16; i++) {
                b[i] = (byte) (i + 1);
            }
            return b;
        }
    }

    static ChapCredentials oneWay() {
        return ChapCredentials.oneWay(null, Secret.of("lunbridge-secret-1"));
    }

    static ChapCredentials mutual(String expectedName) {
        return new ChapCredentials("chap-user", Secret.of("lunbridge-secret-1"),
                Optional.of(new MutualChap(expectedName, Secret.of("target-secret-22"))));
    }

    private static ChapAuthenticator auth(ChapCredentials c, SecureRandom r) {
        return new ChapAuthenticator(c, "iqn.2026-11.io.lunbridge:host", "for test", r);
    }

    private static Map<String, String> keys(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    private static Map<String, String> challenge() {
        return keys("CHAP_A", "5", "CHAP_I", "165", "CHAP_C", TARGET_CHALLENGE);
    }

    @Test
    void oneWayAnswersWithNameAndResponseInHex() throws LoginException {
        ChapAuthenticator a = auth(oneWay(), new ScriptedRandom());
        assertEquals(List.of(new KeyValue("CHAP_A", "5")), ChapAuthenticator.algorithmOffer());
        assertEquals(List.of(new KeyValue("CHAP_N", "iqn.2026-11.io.lunbridge:host"),
                new KeyValue("CHAP_R", OUR_RESPONSE)), a.onTargetKeys(challenge()));
        assertTrue(a.complete());
    }

    @Test
    void base64ChallengeAndHexIdentifierAreAccepted() throws LoginException {
        ChapAuthenticator a = auth(oneWay(), new ScriptedRandom());
        List<KeyValue> out = a.onTargetKeys(keys("CHAP_A", "5", "CHAP_I", "0xa5", "CHAP_C",
                "0b3q2+7wARIjNEVWZ3iJmqu8zd7v8="));
        assertEquals(new KeyValue("CHAP_R", OUR_RESPONSE), out.get(1));
    }

    @Test
    void mutualSendsOurChallengeAndVerifiesTheTarget() throws LoginException {
        ChapAuthenticator a = auth(mutual("iqn.x:t1"), new ScriptedRandom());
        assertEquals(List.of(new KeyValue("CHAP_N", "chap-user"), new KeyValue("CHAP_R", OUR_RESPONSE),
                        new KeyValue("CHAP_I", "9"), new KeyValue("CHAP_C", OUR_CHALLENGE)),
                a.onTargetKeys(challenge()));
        assertFalse(a.complete());
        assertEquals(List.of(), a.onTargetKeys(keys("CHAP_N", "iqn.x:t1", "CHAP_R", TARGET_RESPONSE)));
        assertTrue(a.complete());
    }

    @Test
    void ourChallengeIsRedrawnWhenItEqualsTheTargets() throws LoginException {
        byte[] targets = io.lunbridge.protocol.text.BinaryValue.decode("C", "0x" + "ab".repeat(16));
        ChapAuthenticator a = auth(mutual(null), new ScriptedRandom(targets.clone()));
        List<KeyValue> out = a.onTargetKeys(keys("CHAP_A", "5", "CHAP_I", "1", "CHAP_C", "0x" + "ab".repeat(16)));
        assertEquals(new KeyValue("CHAP_C", OUR_CHALLENGE), out.get(3));
    }

    private static String refusal(ChapCredentials c, Map<String, String> first, Map<String, String> second) {
        ChapAuthenticator a = auth(c, new ScriptedRandom());
        LoginException e = assertThrows(LoginException.class, () -> {
            a.onTargetKeys(first);
            a.onTargetKeys(second);
        });
        assertEquals(LoginException.Kind.AUTHENTICATION, e.kind());
        assertFalse(e.retryable());
        assertFalse(e.getMessage().contains("lunbridge-secret-1"));
        assertFalse(e.getMessage().contains("target-secret-22"));
        return e.getMessage();
    }

    @Test
    void refusals() {
        assertEquals("CHAP authentication failed for test: target chose CHAP_A=7 but lunbridge supports only"
                        + " CHAP_A=5 (MD5); enable MD5 CHAP on the target",
                refusal(oneWay(), keys("CHAP_A", "7", "CHAP_I", "1", "CHAP_C", TARGET_CHALLENGE), keys()));
        assertTrue(refusal(oneWay(), keys("CHAP_A", "Reject"), keys()).contains("CHAP_A=Reject"));
        assertTrue(refusal(oneWay(), keys("CHAP_A", "5", "CHAP_C", TARGET_CHALLENGE), keys())
                .endsWith("target did not send CHAP_I (state ALGORITHM_OFFERED)"));
        assertTrue(refusal(oneWay(), keys("CHAP_A", "5", "CHAP_I", "256", "CHAP_C", TARGET_CHALLENGE), keys())
                .endsWith("target sent CHAP_I=256, out of range 0..255"));
        assertTrue(refusal(oneWay(), keys("CHAP_A", "5", "CHAP_I", "x", "CHAP_C", TARGET_CHALLENGE), keys())
                .endsWith("target sent CHAP_I=x, which is not a number"));
        assertTrue(refusal(oneWay(), keys("CHAP_A", "5", "CHAP_I", "1", "CHAP_C", "0b"), keys())
                .endsWith("CHAP_C=0b is not a binary value (0x<hex> or 0b<base64>)"));
        assertTrue(refusal(oneWay(), keys("CHAP_A", "5", "CHAP_I", "1", "CHAP_C", "0x" + "00".repeat(1025)), keys())
                .endsWith("target sent a CHAP_C of 1025 bytes (accepted: 1..1024)"));
        assertTrue(refusal(oneWay(), keys("CHAP_A", "5", "CHAP_I", "1", "CHAP_C", "12"), keys())
                .contains("CHAP_C=12 is not a binary value"));
        assertTrue(refusal(oneWay(), keys("CHAP_A", "5", "CHAP_I", "1", "CHAP_C", TARGET_CHALLENGE, "CHAP_X", "1"),
                keys()).contains("target sent unexpected CHAP_X=1"));
        // mutual: wrong response, wrong name, missing response, reflected challenge
        assertTrue(refusal(mutual(null), challenge(), keys("CHAP_N", "iqn.x:t1", "CHAP_R", OUR_RESPONSE))
                .endsWith("target's CHAP response does not match: the target does not know the mutual CHAP secret"
                        + " configured for it; check the target's outgoing CHAP account"));
        assertTrue(refusal(mutual("iqn.x:t1"), challenge(), keys("CHAP_N", "iqn.x:evil", "CHAP_R", TARGET_RESPONSE))
                .endsWith("target authenticated as CHAP_N=iqn.x:evil but 'iqn.x:t1' is expected: check the mutual"
                        + " CHAP name"));
        assertTrue(refusal(mutual(null), challenge(), keys())
                .endsWith("target did not answer the initiator's CHAP challenge (mutual CHAP is configured)"));
        assertTrue(refusal(mutual(null), challenge(), keys("CHAP_N", "iqn.x:t1", "CHAP_R", TARGET_RESPONSE,
                "CHAP_C", OUR_CHALLENGE)).endsWith("target sent back the CHAP challenge the initiator sent"
                + " (reflection attack)"));
        assertTrue(refusal(mutual(null), challenge(), keys("CHAP_N", "iqn.x:t1"))
                .endsWith("target did not send CHAP_R (state AWAITING_TARGET_RESPONSE)"));
    }
}
