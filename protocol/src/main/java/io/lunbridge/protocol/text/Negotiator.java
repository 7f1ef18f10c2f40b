package io.lunbridge.protocol.text;

import static io.lunbridge.protocol.text.NegotiationKeys.DATA_DIGEST;
import static io.lunbridge.protocol.text.NegotiationKeys.DATA_PDU_IN_ORDER;
import static io.lunbridge.protocol.text.NegotiationKeys.DATA_SEQUENCE_IN_ORDER;
import static io.lunbridge.protocol.text.NegotiationKeys.DEFAULT_TIME2RETAIN;
import static io.lunbridge.protocol.text.NegotiationKeys.DEFAULT_TIME2WAIT;
import static io.lunbridge.protocol.text.NegotiationKeys.ERROR_RECOVERY_LEVEL;
import static io.lunbridge.protocol.text.NegotiationKeys.FIRST_BURST_LENGTH;
import static io.lunbridge.protocol.text.NegotiationKeys.HEADER_DIGEST;
import static io.lunbridge.protocol.text.NegotiationKeys.IMMEDIATE_DATA;
import static io.lunbridge.protocol.text.NegotiationKeys.INITIAL_R2T;
import static io.lunbridge.protocol.text.NegotiationKeys.MAX_BURST_LENGTH;
import static io.lunbridge.protocol.text.NegotiationKeys.MAX_CONNECTIONS;
import static io.lunbridge.protocol.text.NegotiationKeys.MAX_OUTSTANDING_R2T;
import static io.lunbridge.protocol.text.NegotiationKeys.MAX_RECV_DATA_SEGMENT_LENGTH;
import static io.lunbridge.protocol.text.NegotiationKeys.TARGET_ALIAS;
import static io.lunbridge.protocol.text.NegotiationKeys.TARGET_PORTAL_GROUP_TAG;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The initiator's side of operational parameter negotiation for one login (RFC 7143 §6.2, §13).
 *
 * <p>{@link #offers()} gives the keys to send; {@link #onTargetKeys(List)} checks every target
 * answer against the offer with the key's {@link ResultFunction} and range, records declarations,
 * answers keys the target originates (with the result, {@code NotUnderstood} for unknown keys,
 * {@code Irrelevant} for keys irrelevant in a discovery session, {@code Reject} for invalid
 * offers), and {@link #result()} builds the {@link SessionParameters}; a key nobody negotiated takes
 * its RFC default. A {@code Reject}/{@code NotUnderstood} answer leaves the RFC default in force,
 * which is accepted only if the default is itself a result our offer allows (e.g. HeaderDigest=None
 * when we offered "CRC32C,None", but not when we offered "CRC32C"). An offer the target never
 * answered also takes the RFC default (logged as a warning); for the digest lists the same
 * acceptability rule applies, since a digest mismatch would make every PDU unreadable.
 *
 * <p>Authentication keys (AuthMethod, CHAP_*) are not handled here but by the login stage.
 * Not thread safe: one instance per login, used by the connection's event loop.
 */
public final class Negotiator {
    private static final Logger LOG = LogManager.getLogger(Negotiator.class);

    /** Negotiated (non-declarative) operational keys, in the order we offer them. */
    private static final List<NegotiationKey> OPERATIONAL = List.of(HEADER_DIGEST, DATA_DIGEST,
            MAX_CONNECTIONS, INITIAL_R2T, IMMEDIATE_DATA, MAX_BURST_LENGTH, FIRST_BURST_LENGTH,
            DEFAULT_TIME2WAIT, DEFAULT_TIME2RETAIN, MAX_OUTSTANDING_R2T, DATA_PDU_IN_ORDER,
            DATA_SEQUENCE_IN_ORDER, ERROR_RECOVERY_LEVEL);

    private static final Set<String> ANSWER_WORDS = Set.of("Reject", "NotUnderstood", "Irrelevant");

    private final OperationalParameters proposal;
    private final boolean discovery;
    private final Map<String, String> offered = new LinkedHashMap<>();
    private final Map<String, String> pending = new LinkedHashMap<>();
    private final Map<String, String> results = new LinkedHashMap<>();
    private Integer targetMaxRecv;
    private Integer portalGroupTag;
    private String targetAlias;
    private boolean offersMade;

    /**
     * @param proposal what the initiator proposes
     * @param discovery true for a discovery session: keys irrelevant there are neither offered nor
     *     accepted (RFC 7143 §13: "Irrelevant when: SessionType=Discovery")
     */
    public Negotiator(OperationalParameters proposal, boolean discovery) {
        this.proposal = Objects.requireNonNull(proposal, "proposal");
        this.discovery = discovery;
    }

    /**
     * The keys to send at the start of the operational stage: our MaxRecvDataSegmentLength
     * declaration and an offer for every relevant key the target has not already negotiated.
     * FirstBurstLength is left out when our own InitialR2T=Yes and ImmediateData=No make it
     * irrelevant. Call once.
     */
    public List<KeyValue> offers() {
        if (offersMade) {
            throw new IllegalStateException("offers already made");
        }
        offersMade = true;
        List<KeyValue> out = new ArrayList<>();
        out.add(new KeyValue(MAX_RECV_DATA_SEGMENT_LENGTH.name(),
                Integer.toString(proposal.maxRecvDataSegmentLength())));
        for (NegotiationKey k : OPERATIONAL) {
            if (discovery && k.irrelevantInDiscovery() || results.containsKey(k.name())) {
                continue;
            }
            if (k == FIRST_BURST_LENGTH && proposal.initialR2T() && !proposal.immediateData()) {
                continue;
            }
            String v = ourValue(k);
            offered.put(k.name(), v);
            pending.put(k.name(), v);
            out.add(new KeyValue(k.name(), v));
        }
        return out;
    }

    /** True while some of our offers have not been answered. */
    public boolean awaitingAnswers() {
        return !pending.isEmpty();
    }

    /**
     * Handles the (non-authentication) keys of one complete target text.
     *
     * @return our replies to keys the target originated (possibly empty)
     * @throws NegotiationException if an answer breaks range or result-function rules, a key we
     *     need is rejected, or a key appears twice
     */
    public List<KeyValue> onTargetKeys(List<KeyValue> keys) throws NegotiationException {
        List<KeyValue> replies = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (KeyValue kv : keys) {
            if (!seen.add(kv.key())) {
                throw new NegotiationException(kv.key(), kv.value(), "target sent " + kv.key()
                        + " twice in one response (RFC 7143 §6.2 allows each key once)");
            }
            Optional<NegotiationKey> def = NegotiationKeys.find(kv.key());
            if (def.isEmpty()) {
                if (ANSWER_WORDS.contains(kv.value())) {
                    throw new NegotiationException(kv.key(), kv.value(), "target answered " + kv
                            + " for a key the initiator never sent");
                }
                LOG.debug("target offered unknown key {}; answering NotUnderstood", kv.key());
                replies.add(new KeyValue(kv.key(), "NotUnderstood"));
                continue;
            }
            NegotiationKey k = def.get();
            if (k == NegotiationKeys.AUTH_METHOD) {
                throw new NegotiationException(k.name(), kv.value(),
                        "target sent AuthMethod outside the security stage");
            }
            if (k.function() == ResultFunction.DECLARATIVE) {
                declared(k, kv.value());
            } else if (pending.containsKey(k.name())) {
                answered(k, kv.value());
            } else if (results.containsKey(k.name())) {
                throw new NegotiationException(k.name(), kv.value(), "target sent " + kv + " but "
                        + k.name() + " was already negotiated to " + results.get(k.name())
                        + " in this login (a key is negotiated once)");
            } else {
                replies.add(respond(k, kv.value()));
            }
        }
        return replies;
    }

    /**
     * The parameters in force: results, RFC defaults for keys nobody negotiated, and declarations.
     *
     * @throws NegotiationException if an unanswered digest offer's default is not acceptable, the result
     *     has FirstBurstLength above MaxBurstLength, or a normal session lacks TargetPortalGroupTag
     */
    public SessionParameters result() throws NegotiationException {
        for (Map.Entry<String, String> e : pending.entrySet()) {
            NegotiationKey k = NegotiationKeys.find(e.getKey()).orElseThrow();
            if (k.type() == NegotiationKey.ValueType.LIST) {
                checkDefaultAcceptable(k, e.getValue(), "target did not answer " + k.name());
            } else {
                LOG.warn("target did not answer {}={}; using the RFC default {}", k.name(), e.getValue(),
                        k.rfcDefault());
            }
        }
        boolean initialR2T = bool(INITIAL_R2T);
        boolean immediateData = bool(IMMEDIATE_DATA);
        int maxBurst = number(MAX_BURST_LENGTH);
        int firstBurst = number(FIRST_BURST_LENGTH);
        if (!discovery && !(initialR2T && !immediateData) && firstBurst > maxBurst) {
            throw new NegotiationException(FIRST_BURST_LENGTH.name(), Integer.toString(firstBurst),
                    "negotiated FirstBurstLength=" + firstBurst + " exceeds MaxBurstLength=" + maxBurst
                            + " (RFC 7143 §13.14: FirstBurstLength must not exceed MaxBurstLength)");
        }
        if (!discovery && portalGroupTag == null) {
            throw new NegotiationException(TARGET_PORTAL_GROUP_TAG.name(), null,
                    "target did not declare TargetPortalGroupTag, which RFC 7143 §13.9 requires"
                            + " during the login of a normal session");
        }
        return new SessionParameters(
                "CRC32C".equals(value(HEADER_DIGEST)), "CRC32C".equals(value(DATA_DIGEST)),
                proposal.maxRecvDataSegmentLength(),
                targetMaxRecv != null ? targetMaxRecv : Integer.parseInt(MAX_RECV_DATA_SEGMENT_LENGTH.rfcDefault()),
                maxBurst, firstBurst, initialR2T, immediateData, number(MAX_OUTSTANDING_R2T),
                bool(DATA_PDU_IN_ORDER), bool(DATA_SEQUENCE_IN_ORDER), number(ERROR_RECOVERY_LEVEL),
                number(DEFAULT_TIME2WAIT), number(DEFAULT_TIME2RETAIN), number(MAX_CONNECTIONS),
                targetAlias, portalGroupTag != null ? portalGroupTag : -1);
    }

    private void answered(NegotiationKey k, String value) throws NegotiationException {
        String offer = pending.remove(k.name());
        if ("Irrelevant".equals(value)) {
            LOG.debug("target answered {}=Irrelevant", k.name());
            results.put(k.name(), k.rfcDefault());
            return;
        }
        if ("Reject".equals(value) || "NotUnderstood".equals(value)) {
            checkDefaultAcceptable(k, offer, "target answered " + k.name() + "=" + value);
            results.put(k.name(), k.rfcDefault());
            return;
        }
        String prefix = "target answered " + k.name() + "=" + value;
        String normalized;
        switch (k.function()) {
            case AND:
            case OR: {
                boolean answer = parse(k, value, prefix).equals("Yes");
                boolean offerYes = "Yes".equals(offer);
                boolean broken = k.function() == ResultFunction.AND ? !offerYes && answer : offerYes && !answer;
                if (broken) {
                    throw violation(k, value, offer);
                }
                normalized = value;
                break;
            }
            case MIN:
            case MAX: {
                long answer = Long.parseLong(parse(k, value, prefix));
                long mine = Long.parseLong(offer);
                if (k.function() == ResultFunction.MIN ? answer > mine : answer < mine) {
                    throw violation(k, value, offer);
                }
                normalized = Long.toString(answer);
                break;
            }
            case LIST:
                if (value.contains(",") || !List.of(offer.split(",")).contains(value)) {
                    throw violation(k, value, offer);
                }
                normalized = value;
                break;
            default:
                throw new IllegalStateException("declarative key " + k.name());
        }
        results.put(k.name(), normalized);
    }

    private KeyValue respond(NegotiationKey k, String value) throws NegotiationException {
        if (ANSWER_WORDS.contains(value)) {
            throw new NegotiationException(k.name(), value, "target answered " + k.name() + "=" + value
                    + " but the initiator did not offer " + k.name());
        }
        if (discovery && k.irrelevantInDiscovery()) {
            return new KeyValue(k.name(), "Irrelevant");
        }
        String targetValue;
        try {
            targetValue = k.type() == NegotiationKey.ValueType.LIST ? checkList(k, value)
                    : parse(k, value, "target offered " + k.name() + "=" + value);
        } catch (NegotiationException e) {
            LOG.info("rejecting target offer: {}", e.getMessage());
            return new KeyValue(k.name(), "Reject");
        }
        String result = k.result(ourValue(k), targetValue, false);
        if (result == null) {
            LOG.info("rejecting target offer {}={}: none of its values is acceptable to the initiator ({})",
                    k.name(), value, ourValue(k));
            return new KeyValue(k.name(), "Reject");
        }
        results.put(k.name(), result);
        return new KeyValue(k.name(), result);
    }

    private void declared(NegotiationKey k, String value) throws NegotiationException {
        String prefix = "target declared " + k.name() + "=" + value;
        if (k == MAX_RECV_DATA_SEGMENT_LENGTH) {
            int n = (int) Long.parseLong(parse(k, value, prefix));
            if (targetMaxRecv != null && targetMaxRecv != n) {
                throw new NegotiationException(k.name(), value, prefix + " after declaring " + targetMaxRecv);
            }
            targetMaxRecv = n;
        } else if (k == TARGET_PORTAL_GROUP_TAG) {
            int n = (int) Long.parseLong(parse(k, value, prefix));
            if (portalGroupTag != null && portalGroupTag != n) {
                throw new NegotiationException(k.name(), value, prefix + " after declaring " + portalGroupTag);
            }
            portalGroupTag = n;
        } else if (k == TARGET_ALIAS) {
            if (value.getBytes(StandardCharsets.UTF_8).length > 255) {
                throw new NegotiationException(k.name(), value, prefix + ": longer than 255 bytes");
            }
            targetAlias = value;
        } else {
            LOG.debug("ignoring declaration {}={} from the target", k.name(), value);
        }
    }

    /** Validates a value's syntax and range; returns it normalized (numbers in decimal). */
    private static String parse(NegotiationKey k, String value, String prefix) throws NegotiationException {
        try {
            switch (k.type()) {
                case BOOLEAN:
                    return k.parseBoolean(value) ? "Yes" : "No";
                case NUMBER:
                    return Long.toString(k.parseNumber(value));
                case LIST:
                    return checkList(k, value);
                default:
                    return value;
            }
        } catch (NegotiationException e) {
            throw new NegotiationException(k.name(), value, prefix + ": " + e.getMessage());
        }
    }

    private static String checkList(NegotiationKey k, String value) throws NegotiationException {
        for (String item : value.split(",", -1)) {
            if (item.isEmpty() || !item.chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '.'
                    || c == '-' || c == '+' || c == '@' || c == '_')) {
                throw new NegotiationException(k.name(), value, k.name() + "=" + value
                        + " is not a list of standard labels");
            }
        }
        return value;
    }

    private void checkDefaultAcceptable(NegotiationKey k, String offer, String what) throws NegotiationException {
        String dflt = k.rfcDefault();
        if (!dflt.equals(k.result(offer, dflt, true))) {
            throw new NegotiationException(k.name(), null, what + "; its RFC default " + dflt
                    + " is not a result the initiator's offer " + k.name() + "=" + offer
                    + " allows (" + k.function().rule() + ")");
        }
    }

    private static NegotiationException violation(NegotiationKey k, String value, String offer) {
        return new NegotiationException(k.name(), value, "target answered " + k.name() + "=" + value
                + " but the initiator offered " + offer + "; " + k.function().rule());
    }

    private String value(NegotiationKey k) {
        return results.getOrDefault(k.name(), k.rfcDefault());
    }

    private boolean bool(NegotiationKey k) {
        return "Yes".equals(value(k));
    }

    private int number(NegotiationKey k) {
        return Integer.parseInt(value(k));
    }

    private String ourValue(NegotiationKey k) {
        OperationalParameters p = proposal;
        switch (k.name()) {
            case "HeaderDigest":
                return String.join(",", p.headerDigest());
            case "DataDigest":
                return String.join(",", p.dataDigest());
            case "MaxConnections":
                return Integer.toString(p.maxConnections());
            case "InitialR2T":
                return yesNo(p.initialR2T());
            case "ImmediateData":
                return yesNo(p.immediateData());
            case "MaxBurstLength":
                return Integer.toString(p.maxBurstLength());
            case "FirstBurstLength":
                return Integer.toString(p.firstBurstLength());
            case "DefaultTime2Wait":
                return Integer.toString(p.defaultTime2Wait());
            case "DefaultTime2Retain":
                return Integer.toString(p.defaultTime2Retain());
            case "MaxOutstandingR2T":
                return Integer.toString(p.maxOutstandingR2T());
            case "DataPDUInOrder":
                return yesNo(p.dataPduInOrder());
            case "DataSequenceInOrder":
                return yesNo(p.dataSequenceInOrder());
            case "ErrorRecoveryLevel":
                return Integer.toString(p.errorRecoveryLevel());
            default:
                throw new IllegalStateException("no initiator value for " + k.name());
        }
    }

    private static String yesNo(boolean b) {
        return b ? "Yes" : "No";
    }
}
