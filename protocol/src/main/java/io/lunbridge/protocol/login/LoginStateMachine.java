package io.lunbridge.protocol.login;

import io.lunbridge.protocol.login.LoginException.Kind;
import io.lunbridge.protocol.pdu.LoginRequest;
import io.lunbridge.protocol.pdu.LoginResponse;
import io.lunbridge.protocol.text.KeyValue;
import io.lunbridge.protocol.text.NegotiationException;
import io.lunbridge.protocol.text.Negotiator;
import io.lunbridge.protocol.text.SessionParameters;
import io.lunbridge.protocol.text.TargetAddress;
import io.lunbridge.protocol.text.TextAccumulator;
import io.lunbridge.protocol.text.TextCodec;
import io.lunbridge.protocol.text.TextFormatException;
import io.lunbridge.state.StateMachine;
import io.lunbridge.state.Transitions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The initiator's login on one connection (RFC 7143 §6.3, §11.12, §11.13), as an explicit state
 * machine: {@link Stage#SECURITY} → {@link Stage#OPERATIONAL} → {@link Stage#FULL_FEATURE}, or
 * {@link Stage#FAILED}. {@link #start} builds the first Login Request; {@link #onResponse} is the one
 * transition method, fed every Login Response and answering with the next {@link LoginStep}.
 *
 * <p>Security stage: always entered. Offers {@code AuthMethod=None} without CHAP (and asks to
 * transit at once), {@code CHAP,None} for one-way CHAP, {@code CHAP} alone for mutual CHAP (a
 * target that will not authenticate itself is refused). Operational stage: every key of the
 * {@link Negotiator}, asking to transit to full feature phase; the result is checked there.
 *
 * <p>Checked on every response: initiator task tag, version (0), ISID echo, current stage, the T bit
 * only when we asked for it with a next stage we allowed, T and C never together, TSIH assigned at
 * the end (and equal to ours when we joined an existing session). Text with the C bit is
 * reassembled (we answer with empty requests), cut anywhere, even inside a key=value or a UTF-8
 * character (RFC 7143 §6.1); the reassembly is bounded by its total size ({@link
 * #DEFAULT_MAX_TEXT_BYTES}, or the limit given), never by the number of PDUs, and a continued
 * response must carry text, so a target cannot keep the login looping on empty PDUs. Our own text
 * above 8192 bytes (the login-time MaxRecvDataSegmentLength) is sent in several requests with the C
 * bit. The login gives up after {@link #MAX_EXCHANGES} negotiation rounds (complete texts), so a
 * target can never keep it looping either.
 *
 * <p>Buffers: {@link #onResponse} only reads the response's data; the caller still owns and
 * releases it. Requests carry new unpooled buffers that the PDU encoder releases.
 * Not thread safe: driven by the connection's event loop.
 */
public final class LoginStateMachine {
    private static final Logger LOG = LogManager.getLogger(LoginStateMachine.class);

    /** Largest data segment sent during login: the RFC default MaxRecvDataSegmentLength. */
    public static final int LOGIN_MAX_DATA_SEGMENT = 8192;
    /** Negotiation rounds (complete response texts) accepted before the login is abandoned. */
    public static final int MAX_EXCHANGES = 32;
    /**
     * Default bound of one reassembled login response text: 64 KiB, as open-iscsi's login buffer;
     * a login text holds a few dozen keys, each at most 255 bytes of value (CHAP_C 1 KiB in hex).
     */
    public static final int DEFAULT_MAX_TEXT_BYTES = 64 * 1024;

    private static final int CSG_SECURITY = 0;
    private static final int CSG_OPERATIONAL = 1;
    private static final int NSG_FULL_FEATURE = 3;
    private static final int VERSION = 0;

    /** Login stage of this connection. */
    public enum Stage implements Transitions<Stage> {
        /** Security negotiation (authentication). */
        SECURITY,
        /** Operational parameter negotiation. */
        OPERATIONAL,
        /** Login complete; the connection carries SCSI traffic. */
        FULL_FEATURE,
        /** Login ended without full feature phase: failed, or redirected elsewhere. */
        FAILED;

        /** SECURITY → OPERATIONAL → FULL_FEATURE, or FAILED from either negotiating stage. */
        @Override
        public boolean canMoveTo(Stage next) {
            switch (this) {
                case SECURITY:
                    return next == OPERATIONAL || next == FAILED;
                case OPERATIONAL:
                    return next == FULL_FEATURE || next == FAILED;
                default:
                    return false;
            }
        }
    }

    private final LoginConfig config;
    private final SecureRandom random;
    private final Negotiator negotiator;
    private final TextAccumulator incoming;
    private final LoginRequests requests;
    private final String where;
    private final StateMachine<Stage> stage;
    private boolean started;
    private int exchanges;
    private String authMethod;
    private ChapAuthenticator chap;

    /** A login for {@code config}, drawing CHAP challenges from a new {@link SecureRandom}. */
    public LoginStateMachine(LoginConfig config) {
        this(config, new SecureRandom());
    }

    /** A login for {@code config} with the given source of CHAP challenges. */
    public LoginStateMachine(LoginConfig config, SecureRandom random) {
        this(config, random, DEFAULT_MAX_TEXT_BYTES);
    }

    /**
     * A login for {@code config} with the given source of CHAP challenges.
     *
     * @param maxTextBytes bound of one response text reassembled from PDUs with the C bit
     */
    public LoginStateMachine(LoginConfig config, SecureRandom random, int maxTextBytes) {
        this.incoming = new TextAccumulator(maxTextBytes);
        this.config = Objects.requireNonNull(config, "config");
        this.requests = new LoginRequests(config);
        this.random = Objects.requireNonNull(random, "random");
        this.negotiator = new Negotiator(config.proposal(), config.sessionType() == SessionType.DISCOVERY);
        this.where = "initiator " + config.initiatorName() + " at "
                + (config.targetName() != null ? "target " + config.targetName() : "the discovery service")
                + " portal " + config.portal();
        this.stage = new StateMachine<>("login of " + where, Stage.SECURITY, LOG);
    }

    /** The current stage. */
    public Stage stage() {
        return stage.state();
    }

    /**
     * Builds the first Login Request (security stage). Call once.
     *
     * @param initiatorTaskTag ITT used by every request of this login
     * @param cmdSn CmdSN (login requests are immediate; it stays the same for the whole login)
     * @param expStatSn ExpStatSN for the first request
     */
    public LoginRequest start(int initiatorTaskTag, int cmdSn, int expStatSn) {
        if (started) {
            throw new IllegalStateException("login already started");
        }
        started = true;
        requests.begin(initiatorTaskTag, cmdSn, expStatSn);
        List<KeyValue> keys = new ArrayList<>();
        keys.add(new KeyValue("InitiatorName", config.initiatorName()));
        if (config.initiatorAlias() != null) {
            keys.add(new KeyValue("InitiatorAlias", config.initiatorAlias()));
        }
        keys.add(new KeyValue("SessionType", config.sessionType().wireValue()));
        if (config.sessionType() == SessionType.NORMAL) {
            keys.add(new KeyValue("TargetName", config.targetName()));
        }
        keys.add(new KeyValue("AuthMethod", String.join(",", authOffer())));
        boolean transit = config.chap().isEmpty();
        LOG.info("login of {} started in stage {}", where, stage.state());
        return requests.request(keys, CSG_SECURITY, transit, transit ? CSG_OPERATIONAL : 0);
    }

    /**
     * The transition: consumes one Login Response and says what to do next.
     *
     * @throws LoginException on a failed login status or any violation; the stage becomes FAILED
     * @throws IllegalStateException if the login was not started or has already ended
     */
    public LoginStep onResponse(LoginResponse response) throws LoginException {
        if (!started || stage.is(Stage.FULL_FEATURE) || stage.is(Stage.FAILED)) {
            throw new IllegalStateException("login response in stage " + stage.state() + (started ? "" : " before start"));
        }
        try {
            return handle(response);
        } catch (LoginException e) {
            fail(e.getMessage());
            throw e;
        } catch (NegotiationException e) {
            fail(e.getMessage());
            throw new LoginException(Kind.NEGOTIATION, "negotiation failed for " + where + ": "
                    + e.getMessage(), e);
        } catch (TextFormatException e) {
            fail(e.getMessage());
            throw new LoginException(Kind.PROTOCOL, "malformed login text from " + where + ": "
                    + e.getMessage(), e);
        }
    }

    private LoginStep handle(LoginResponse r) throws LoginException, NegotiationException {
        if (r.initiatorTaskTag() != requests.initiatorTaskTag()) {
            throw protocol(String.format("login response has initiator task tag 0x%08x, expected 0x%08x",
                    r.initiatorTaskTag(), requests.initiatorTaskTag()));
        }
        if (r.statusClass() != 0) {
            return failedStatus(r);
        }
        if (r.versionActive() != VERSION) {
            throw new LoginException(Kind.UNSUPPORTED_VERSION, "target answered " + where
                    + " with Version-active " + r.versionActive() + "; lunbridge speaks version 0 (RFC 7143)");
        }
        if (r.isid() != config.isid()) {
            throw protocol(String.format("login response has ISID 0x%012x, expected 0x%012x",
                    r.isid(), config.isid()));
        }
        if (r.csg() != requests.sentCsg()) {
            throw protocol("login response has CSG " + r.csg() + " but the initiator is in stage " + requests.sentCsg());
        }
        if (r.transit() && r.continueFlag()) {
            throw protocol("login response has both the T and the C bit set");
        }
        if (r.transit()) {
            if (!requests.sentTransit()) {
                throw protocol("target set the T bit (NSG " + r.nsg() + ") but the initiator did not ask to transit");
            }
            if (r.nsg() <= r.csg() || r.nsg() > requests.sentNsg() || r.nsg() == 2) {
                throw protocol("target transits to NSG " + r.nsg() + " from CSG " + r.csg()
                        + " but the initiator asked for NSG " + requests.sentNsg());
            }
        }
        requests.acknowledge(r.statSn());
        if (requests.continuing()) {
            if (r.data().isReadable() || r.transit() || r.continueFlag()) {
                throw protocol("target answered a partial login request (C bit) with text or flags;"
                        + " it must answer with an empty response");
            }
            return new LoginStep.Send(requests.nextPart());
        }
        if (r.continueFlag() && !r.data().isReadable()) {
            throw protocol("login response has the C bit but no text (a continued response must carry some)");
        }
        Optional<List<KeyValue>> text = incoming.accept(r.data(), r.continueFlag());
        if (text.isEmpty()) {
            return new LoginStep.Send(requests.askForMore());
        }
        if (++exchanges > MAX_EXCHANGES) {
            throw protocol("target did not finish the login after " + MAX_EXCHANGES + " negotiation rounds");
        }
        return stage.is(Stage.SECURITY) ? security(r, text.get()) : operational(r, text.get());
    }

    private LoginStep security(LoginResponse r, List<KeyValue> keys) throws LoginException, NegotiationException {
        Map<String, String> auth = new LinkedHashMap<>();
        List<KeyValue> other = new ArrayList<>();
        for (KeyValue kv : keys) {
            if (isAuthKey(kv.key())) {
                if (auth.put(kv.key(), kv.value()) != null) {
                    throw protocol("target sent " + kv.key() + " twice in one response");
                }
            } else {
                other.add(kv);
            }
        }
        List<KeyValue> replies = new ArrayList<>(negotiator.onTargetKeys(other));
        String answer = auth.remove("AuthMethod");
        if (authMethod == null) {
            if (answer == null) {
                throw protocol("target did not answer AuthMethod=" + String.join(",", authOffer()));
            }
            chooseAuthMethod(answer);
            if (!auth.isEmpty()) {
                throw protocol("target sent " + auth.keySet() + " together with AuthMethod=" + answer);
            }
            if (chap != null) {
                replies.addAll(ChapAuthenticator.algorithmOffer());
            }
        } else {
            if (answer != null) {
                throw protocol("target sent AuthMethod=" + answer + " again after choosing " + authMethod);
            }
            if (chap != null) {
                replies.addAll(chap.onTargetKeys(auth));
            } else if (!auth.isEmpty()) {
                throw protocol("target sent " + auth.keySet() + " but AuthMethod=" + authMethod);
            }
        }
        boolean authenticated = chap == null || chap.complete();
        if (r.transit()) {
            if (!authenticated) {
                throw new LoginException(Kind.AUTHENTICATION, "target ended the security stage before CHAP"
                        + " completed (" + chap.state() + ") for " + where
                        + (config.chap().orElseThrow().mutual().isPresent()
                        ? ": it did not authenticate itself (mutual CHAP is configured)" : ""));
            }
            stage.moveTo(Stage.OPERATIONAL, "AuthMethod=" + authMethod);
            replies.addAll(negotiator.offers());
            return new LoginStep.Send(requests.request(replies, CSG_OPERATIONAL, true, NSG_FULL_FEATURE));
        }
        boolean transit = authenticated
                || chap.state() == ChapAuthenticator.State.AWAITING_TARGET_RESPONSE;
        return new LoginStep.Send(requests.request(replies, CSG_SECURITY, transit, transit ? CSG_OPERATIONAL : 0));
    }

    private LoginStep operational(LoginResponse r, List<KeyValue> keys) throws LoginException, NegotiationException {
        for (KeyValue kv : keys) {
            if (isAuthKey(kv.key())) {
                throw protocol("target sent " + kv + " in the operational stage");
            }
        }
        List<KeyValue> replies = negotiator.onTargetKeys(keys);
        if (!r.transit()) {
            return new LoginStep.Send(requests.request(replies, CSG_OPERATIONAL, true, NSG_FULL_FEATURE));
        }
        for (KeyValue reply : replies) {
            if ("NotUnderstood".equals(reply.value())) {
                LOG.warn("target offered unknown key {} in its final login response to {}; ignored",
                        reply.key(), where);
            } else {
                throw new NegotiationException(reply.key(), null, "target offered " + reply.key()
                        + " in its final login response; it must wait for the initiator's answer (would be "
                        + reply + ")");
            }
        }
        SessionParameters params = negotiator.result();
        if (r.tsih() == 0) {
            throw protocol("target completed the login without assigning a TSIH");
        }
        if (config.tsih() != 0 && r.tsih() != config.tsih()) {
            throw protocol("target completed the login with TSIH " + r.tsih() + " but the initiator joined TSIH "
                    + config.tsih());
        }
        stage.moveTo(Stage.FULL_FEATURE, "login complete: TSIH " + r.tsih() + ", " + params);
        return new LoginStep.Complete(params, r.tsih(), r.statSn(), r.expCmdSn(), r.maxCmdSn());
    }

    private LoginStep failedStatus(LoginResponse r) throws LoginException {
        int cls = r.statusClass();
        int detail = r.statusDetail();
        if (cls == 1 && (detail == 1 || detail == 2)) {
            String address = null;
            for (KeyValue kv : TextCodec.decode(r.data())) {
                if ("TargetAddress".equals(kv.key())) {
                    address = kv.value();
                }
            }
            String status = String.format("0x%02x%02x", cls, detail);
            if (address == null) {
                throw protocol("target redirected the login (status " + status + ") without a TargetAddress");
            }
            TargetAddress a = TargetAddress.parse(address);
            stage.moveTo(Stage.FAILED, "redirected " + (detail == 2 ? "permanently" : "temporarily") + " to "
                    + address + " (status " + status + ")");
            return new LoginStep.Redirect(a.host(), a.port(), a.portalGroupTag(), detail == 2);
        }
        throw LoginStatus.toException(cls, detail, config);
    }

    private void chooseAuthMethod(String answer) throws LoginException {
        List<String> offered = authOffer();
        if ("Reject".equals(answer) || "NotUnderstood".equals(answer)) {
            throw new LoginException(Kind.AUTHENTICATION, "target rejected AuthMethod=" + String.join(",", offered)
                    + " from " + where + ": " + (config.chap().isPresent()
                    ? "it requires an authentication method lunbridge does not offer"
                    : "it requires authentication; configure CHAP credentials"));
        }
        if (!offered.contains(answer)) {
            String why = "None".equals(answer) && config.chap().isPresent()
                    ? "; refusing a target that does not authenticate itself while mutual CHAP is configured" : "";
            throw new LoginException(Kind.AUTHENTICATION, "target chose AuthMethod=" + answer + " for " + where
                    + " but the initiator offered " + String.join(",", offered) + why);
        }
        authMethod = answer;
        if ("CHAP".equals(answer)) {
            chap = new ChapAuthenticator(config.chap().orElseThrow(), config.initiatorName(), "for " + where, random);
        }
    }

    private List<String> authOffer() {
        if (config.chap().isEmpty()) {
            return List.of("None");
        }
        return config.chap().get().mutual().isPresent() ? List.of("CHAP") : List.of("CHAP", "None");
    }

    private static boolean isAuthKey(String key) {
        return "AuthMethod".equals(key) || key.startsWith("CHAP_");
    }

    private void fail(String reason) {
        requests.discard();
        stage.moveTo(Stage.FAILED, reason);
    }

    private LoginException protocol(String message) {
        return new LoginException(Kind.PROTOCOL, message + " (" + where + ")");
    }
}
