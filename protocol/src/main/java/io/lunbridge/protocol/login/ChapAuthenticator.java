package io.lunbridge.protocol.login;

import io.lunbridge.protocol.text.BinaryValue;
import io.lunbridge.protocol.text.KeyValue;
import io.lunbridge.protocol.text.TextFormatException;
import io.lunbridge.state.StateMachine;
import io.lunbridge.state.Transitions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The initiator's side of one CHAP exchange in the security stage (RFC 7143 §12.1.3, RFC 1994),
 * MD5 only. Sequence: we send {@code CHAP_A=5}; the target answers {@code CHAP_A}, {@code CHAP_I},
 * {@code CHAP_C}; we answer {@code CHAP_N}, {@code CHAP_R} and, for mutual CHAP, our own
 * {@code CHAP_I} and {@code CHAP_C} (16 random bytes, never equal to the target's challenge); the
 * target then proves itself with {@code CHAP_N}, {@code CHAP_R}, verified in constant time.
 *
 * <p>Refused with {@link LoginException.Kind#AUTHENTICATION}: an algorithm other than MD5, a
 * malformed or empty identifier or challenge, a target challenge equal to one we sent, a missing or
 * wrong target response or name. Not thread safe; one instance per login.
 */
final class ChapAuthenticator {
    private static final Logger LOG = LogManager.getLogger(ChapAuthenticator.class);
    /** Length of the challenges we send (RFC 7143 §12.1.3 asks for at least 16 bytes of randomness). */
    static final int CHALLENGE_LENGTH = 16;
    /** Longest challenge we accept from a target. */
    static final int MAX_CHALLENGE_LENGTH = 1024;

    /** Where the exchange stands. */
    enum State implements Transitions<State> {
        ALGORITHM_OFFERED, AWAITING_TARGET_RESPONSE, DONE;

        /** Forward only: the mutual step may be skipped. */
        @Override
        public boolean canMoveTo(State next) {
            return next.ordinal() > ordinal();
        }
    }

    private final ChapCredentials credentials;
    private final String chapName;
    private final String context;
    private final SecureRandom random;
    private final StateMachine<State> state;
    private int ourIdentifier;
    private byte[] ourChallenge;

    /**
     * @param context "for initiator X at target Y portal Z", appended to error messages
     */
    ChapAuthenticator(ChapCredentials credentials, String initiatorName, String context, SecureRandom random) {
        this.credentials = Objects.requireNonNull(credentials, "credentials");
        this.chapName = credentials.name() != null ? credentials.name() : initiatorName;
        this.context = context;
        this.random = Objects.requireNonNull(random, "random");
        this.state = new StateMachine<>("CHAP " + context, State.ALGORITHM_OFFERED, LOG, Level.DEBUG);
    }

    /** The keys that open the exchange once the target chose AuthMethod=CHAP. */
    static List<KeyValue> algorithmOffer() {
        return List.of(new KeyValue("CHAP_A", Integer.toString(ChapMd5.ALGORITHM)));
    }

    State state() {
        return state.state();
    }

    /** True once both required directions are authenticated. */
    boolean complete() {
        return state.is(State.DONE);
    }

    /**
     * Consumes the CHAP_* keys of one target response.
     *
     * @return the keys to send next (empty once complete)
     */
    List<KeyValue> onTargetKeys(Map<String, String> keys) throws LoginException {
        try {
            switch (state.state()) {
                case ALGORITHM_OFFERED:
                    return onChallenge(keys);
                case AWAITING_TARGET_RESPONSE:
                    onTargetResponse(keys);
                    return List.of();
                default:
                    if (!keys.isEmpty()) {
                        throw fail("target sent " + keys.keySet() + " after CHAP completed");
                    }
                    return List.of();
            }
        } catch (TextFormatException e) {
            throw fail(e.getMessage());
        }
    }

    private List<KeyValue> onChallenge(Map<String, String> keys) throws LoginException {
        String algorithm = require(keys, "CHAP_A");
        if (!Integer.toString(ChapMd5.ALGORITHM).equals(algorithm)) {
            throw fail("target chose CHAP_A=" + algorithm + " but lunbridge supports only CHAP_A=5 (MD5);"
                    + " enable MD5 CHAP on the target");
        }
        int identifier = identifier(require(keys, "CHAP_I"));
        byte[] challenge = BinaryValue.decode("CHAP_C", require(keys, "CHAP_C"));
        if (challenge.length == 0 || challenge.length > MAX_CHALLENGE_LENGTH) {
            throw fail("target sent a CHAP_C of " + challenge.length + " bytes (accepted: 1.."
                    + MAX_CHALLENGE_LENGTH + ")");
        }
        checkNoOthers(keys, "CHAP_A", "CHAP_I", "CHAP_C");
        List<KeyValue> out = new ArrayList<>();
        out.add(new KeyValue("CHAP_N", chapName));
        out.add(new KeyValue("CHAP_R", BinaryValue.encodeHex(
                ChapMd5.response(identifier, credentials.secret(), challenge))));
        if (credentials.mutual().isPresent()) {
            ourIdentifier = random.nextInt(256);
            byte[] mine = new byte[CHALLENGE_LENGTH];
            do {
                random.nextBytes(mine);
            } while (Arrays.equals(mine, challenge));
            ourChallenge = mine;
            out.add(new KeyValue("CHAP_I", Integer.toString(ourIdentifier)));
            out.add(new KeyValue("CHAP_C", BinaryValue.encodeHex(mine)));
            state.moveTo(State.AWAITING_TARGET_RESPONSE, "challenged the target (mutual CHAP)");
        } else {
            state.moveTo(State.DONE, "answered the target's challenge");
        }
        return out;
    }

    private void onTargetResponse(Map<String, String> keys) throws LoginException {
        if (keys.isEmpty()) {
            throw fail("target did not answer the initiator's CHAP challenge (mutual CHAP is configured)");
        }
        String reflected = keys.get("CHAP_C");
        if (reflected != null && Arrays.equals(BinaryValue.decode("CHAP_C", reflected), ourChallenge)) {
            throw fail("target sent back the CHAP challenge the initiator sent (reflection attack)");
        }
        String name = require(keys, "CHAP_N");
        byte[] response = BinaryValue.decode("CHAP_R", require(keys, "CHAP_R"));
        checkNoOthers(keys, "CHAP_N", "CHAP_R");
        MutualChap mutual = credentials.mutual().orElseThrow();
        if (mutual.expectedName() != null && !mutual.expectedName().equals(name)) {
            throw fail("target authenticated as CHAP_N=" + name + " but '" + mutual.expectedName()
                    + "' is expected: check the mutual CHAP name");
        }
        byte[] expected = ChapMd5.response(ourIdentifier, mutual.secret(), ourChallenge);
        if (!MessageDigest.isEqual(expected, response)) {
            throw fail("target's CHAP response does not match: the target does not know the mutual CHAP"
                    + " secret configured for it; check the target's outgoing CHAP account");
        }
        state.moveTo(State.DONE, "target authenticated by mutual CHAP as " + name);
    }

    private int identifier(String value) throws LoginException {
        int id;
        try {
            id = value.startsWith("0x") || value.startsWith("0X")
                    ? Integer.parseInt(value.substring(2), 16) : Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw fail("target sent CHAP_I=" + value + ", which is not a number");
        }
        if (id < 0 || id > 255) {
            throw fail("target sent CHAP_I=" + value + ", out of range 0..255");
        }
        return id;
    }

    private String require(Map<String, String> keys, String key) throws LoginException {
        String v = keys.get(key);
        if (v == null) {
            throw fail("target did not send " + key + " (state " + state.state() + ")");
        }
        return v;
    }

    private void checkNoOthers(Map<String, String> keys, String... allowed) throws LoginException {
        for (String k : keys.keySet()) {
            if (!Arrays.asList(allowed).contains(k)) {
                throw fail("target sent unexpected " + k + "=" + keys.get(k) + " (state " + state.state() + ")");
            }
        }
    }

    private LoginException fail(String why) {
        return new LoginException(LoginException.Kind.AUTHENTICATION, "CHAP authentication failed " + context
                + ": " + why);
    }
}
