package io.lunbridge.protocol.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Negotiation tables: for each key, what we offer, what the target answers, and the result or error. */
class NegotiatorTest {
    private static final OperationalParameters PROPOSAL =
            OperationalParameters.defaults().withHeaderDigest("CRC32C", "None");

    private static Map<String, String> offered(Negotiator n) {
        Map<String, String> m = new LinkedHashMap<>();
        n.offers().forEach(kv -> m.put(kv.key(), kv.value()));
        return m;
    }

    /** Offers the proposal, feeds the answers (plus TargetPortalGroupTag=1), returns the result. */
    private static SessionParameters negotiate(OperationalParameters p, KeyValue... answers) throws NegotiationException {
        Negotiator n = new Negotiator(p, false);
        n.offers();
        List<KeyValue> all = new ArrayList<>(List.of(answers));
        all.add(new KeyValue("TargetPortalGroupTag", "1"));
        assertEquals(List.of(), n.onTargetKeys(all));
        return n.result();
    }

    @Test
    void offersEveryOperationalKeyOfANormalSession() {
        Map<String, String> o = offered(new Negotiator(PROPOSAL, false));
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("MaxRecvDataSegmentLength", "262144");
        expected.put("HeaderDigest", "CRC32C,None");
        expected.put("DataDigest", "None");
        expected.put("MaxConnections", "1");
        expected.put("InitialR2T", "No");
        expected.put("ImmediateData", "Yes");
        expected.put("MaxBurstLength", "16776192");
        expected.put("FirstBurstLength", "262144");
        expected.put("DefaultTime2Wait", "2");
        expected.put("DefaultTime2Retain", "0");
        expected.put("MaxOutstandingR2T", "1");
        expected.put("DataPDUInOrder", "Yes");
        expected.put("DataSequenceInOrder", "Yes");
        expected.put("ErrorRecoveryLevel", "0");
        assertEquals(expected, o);
    }

    @Test
    void discoveryOffersOnlyKeysRelevantToDiscovery() {
        assertEquals(List.of("MaxRecvDataSegmentLength", "HeaderDigest", "DataDigest", "DefaultTime2Wait",
                "DefaultTime2Retain", "ErrorRecoveryLevel"),
                List.copyOf(offered(new Negotiator(PROPOSAL, true)).keySet()));
    }

    @Test
    void firstBurstLengthIsNotOfferedWhenIrrelevant() {
        OperationalParameters p = PROPOSAL.withInitialR2T(true).withImmediateData(false);
        assertFalse(offered(new Negotiator(p, false)).containsKey("FirstBurstLength"));
    }

    static Stream<Arguments> results() {
        return Stream.of(
                row("HeaderDigest", "CRC32C", SessionParameters::headerDigest, true),
                row("HeaderDigest", "None", SessionParameters::headerDigest, false),
                row("DataDigest", "None", SessionParameters::dataDigest, false),
                row("MaxConnections", "1", SessionParameters::maxConnections, 1),
                row("InitialR2T", "Yes", SessionParameters::initialR2T, true),
                row("InitialR2T", "No", SessionParameters::initialR2T, false),
                row("ImmediateData", "No", SessionParameters::immediateData, false),
                row("ImmediateData", "Yes", SessionParameters::immediateData, true),
                row("MaxBurstLength", "262144", SessionParameters::maxBurstLength, 262144),
                row("MaxBurstLength", "0x40000", SessionParameters::maxBurstLength, 262144),
                row("FirstBurstLength", "65536", SessionParameters::firstBurstLength, 65536),
                row("DefaultTime2Wait", "2", SessionParameters::defaultTime2Wait, 2),
                row("DefaultTime2Wait", "10", SessionParameters::defaultTime2Wait, 10),
                row("DefaultTime2Retain", "0", SessionParameters::defaultTime2Retain, 0),
                row("MaxOutstandingR2T", "1", SessionParameters::maxOutstandingR2T, 1),
                row("DataPDUInOrder", "Yes", SessionParameters::dataPduInOrder, true),
                row("DataSequenceInOrder", "Yes", SessionParameters::dataSequenceInOrder, true),
                row("ErrorRecoveryLevel", "0", SessionParameters::errorRecoveryLevel, 0),
                row("MaxRecvDataSegmentLength", "8192", SessionParameters::maxXmitDataSegmentLength, 8192),
                row("MaxRecvDataSegmentLength", "16777215", SessionParameters::maxXmitDataSegmentLength, 16777215),
                row("TargetAlias", "disk-1", SessionParameters::targetAlias, "disk-1"),
                // Reject / NotUnderstood / Irrelevant leave the RFC default where our offer allows it
                row("HeaderDigest", "Reject", SessionParameters::headerDigest, false),
                row("MaxBurstLength", "NotUnderstood", SessionParameters::maxBurstLength, 262144),
                row("FirstBurstLength", "Irrelevant", SessionParameters::firstBurstLength, 65536));
    }

    private static Arguments row(String key, String answer, Function<SessionParameters, Object> getter, Object result) {
        return Arguments.of(key, answer, getter, result);
    }

    @ParameterizedTest(name = "{0}={1}")
    @MethodSource("results")
    void answerGivesResult(String key, String answer, Function<SessionParameters, Object> getter, Object expected)
            throws NegotiationException {
        assertEquals(expected, getter.apply(negotiate(PROPOSAL, new KeyValue(key, answer))));
    }

    static Stream<Arguments> violations() {
        return Stream.of(
                Arguments.of("MaxBurstLength", "16776193",
                        "target answered MaxBurstLength=16776193 but the initiator offered 16776192; the result must be the minimum"),
                Arguments.of("FirstBurstLength", "300000",
                        "target answered FirstBurstLength=300000 but the initiator offered 262144; the result must be the minimum"),
                Arguments.of("MaxConnections", "2",
                        "target answered MaxConnections=2 but the initiator offered 1; the result must be the minimum"),
                Arguments.of("MaxOutstandingR2T", "4", "offered 1; the result must be the minimum"),
                Arguments.of("DefaultTime2Retain", "20", "offered 0; the result must be the minimum"),
                Arguments.of("ErrorRecoveryLevel", "1", "offered 0; the result must be the minimum"),
                Arguments.of("DefaultTime2Wait", "1",
                        "target answered DefaultTime2Wait=1 but the initiator offered 2; the result must be the maximum"),
                Arguments.of("ImmediateData", "Maybe", "target answered ImmediateData=Maybe: ImmediateData=Maybe is not Yes or No"),
                Arguments.of("DataPDUInOrder", "No",
                        "target answered DataPDUInOrder=No but the initiator offered Yes; the result must be the boolean OR"),
                Arguments.of("DataSequenceInOrder", "No", "the result must be the boolean OR"),
                Arguments.of("HeaderDigest", "MD5",
                        "target answered HeaderDigest=MD5 but the initiator offered CRC32C,None; the result must be one of the offered values"),
                Arguments.of("HeaderDigest", "CRC32C,None", "the result must be one of the offered values"),
                Arguments.of("DataDigest", "CRC32C", "target answered DataDigest=CRC32C but the initiator offered None"),
                Arguments.of("MaxBurstLength", "256", "MaxBurstLength=256 is out of range 512..16777215"),
                Arguments.of("MaxBurstLength", "lots", "MaxBurstLength=lots is not a number"),
                Arguments.of("MaxBurstLength", "-1", "MaxBurstLength=-1 is not a number"),
                Arguments.of("DefaultTime2Wait", "3601", "DefaultTime2Wait=3601 is out of range 0..3600"),
                Arguments.of("MaxRecvDataSegmentLength", "511",
                        "target declared MaxRecvDataSegmentLength=511: MaxRecvDataSegmentLength=511 is out of range 512..16777215"),
                Arguments.of("MaxRecvDataSegmentLength", "16777216", "is out of range 512..16777215"),
                Arguments.of("TargetPortalGroupTag", "65536", "TargetPortalGroupTag=65536 is out of range 0..65535"),
                Arguments.of("DefaultTime2Retain", "Reject",
                        "target answered DefaultTime2Retain=Reject; its RFC default 20 is not a result the initiator's offer"
                                + " DefaultTime2Retain=0 allows (the result must be the minimum)"),
                Arguments.of("AuthMethod", "None", "target sent AuthMethod outside the security stage"));
    }

    @ParameterizedTest(name = "{0}={1}")
    @MethodSource("violations")
    void answerBreakingTheRulesIsRefused(String key, String answer, String message) {
        NegotiationException e = assertThrows(NegotiationException.class,
                () -> negotiate(PROPOSAL, new KeyValue(key, answer)));
        assertTrue(e.getMessage().contains(message), e.getMessage());
        assertEquals(key, e.key());
    }

    @Test
    void targetAnswerOfTheBriefExample() {
        OperationalParameters p = PROPOSAL.withBurstLengths(262144, 65536);
        NegotiationException e = assertThrows(NegotiationException.class,
                () -> negotiate(p, new KeyValue("MaxBurstLength", "300000")));
        assertEquals("target answered MaxBurstLength=300000 but the initiator offered 262144;"
                + " the result must be the minimum", e.getMessage());
        assertEquals("300000", e.value());
    }

    @Test
    void rejectingADigestWeRequireFails() {
        OperationalParameters p = PROPOSAL.withHeaderDigest("CRC32C");
        NegotiationException e = assertThrows(NegotiationException.class,
                () -> negotiate(p, new KeyValue("HeaderDigest", "Reject")));
        assertEquals("target answered HeaderDigest=Reject; its RFC default None is not a result the initiator's"
                + " offer HeaderDigest=CRC32C allows (the result must be one of the offered values)", e.getMessage());
    }

    @Test
    void unansweredKeysTakeTheirRfcDefault() throws NegotiationException {
        SessionParameters r = negotiate(PROPOSAL, new KeyValue("DefaultTime2Retain", "0"));
        assertEquals(new SessionParameters(false, false, 262144, 8192, 262144, 65536, true, true, 1, true, true,
                0, 2, 0, 1, null, 1), r);
    }

    @Test
    void unansweredKeyWhoseDefaultOurOfferForbidsFails() {
        OperationalParameters p = PROPOSAL.withHeaderDigest("CRC32C");
        NegotiationException e = assertThrows(NegotiationException.class,
                () -> negotiate(p, new KeyValue("DefaultTime2Retain", "0")));
        assertTrue(e.getMessage().startsWith("target did not answer HeaderDigest; its RFC default None"), e.getMessage());
    }

    @Test
    void firstBurstAboveMaxBurstInTheResultFails() {
        NegotiationException e = assertThrows(NegotiationException.class, () -> negotiate(PROPOSAL,
                new KeyValue("MaxBurstLength", "8192"), new KeyValue("FirstBurstLength", "65536"),
                new KeyValue("DefaultTime2Retain", "0")));
        assertEquals("negotiated FirstBurstLength=65536 exceeds MaxBurstLength=8192 (RFC 7143 §13.14:"
                + " FirstBurstLength must not exceed MaxBurstLength)", e.getMessage());
    }

    @Test
    void normalSessionNeedsTargetPortalGroupTag() throws NegotiationException {
        Negotiator n = new Negotiator(PROPOSAL, false);
        n.offers();
        n.onTargetKeys(List.of(new KeyValue("DefaultTime2Retain", "0")));
        NegotiationException e = assertThrows(NegotiationException.class, n::result);
        assertEquals("TargetPortalGroupTag", e.key());
        assertNull(e.value());
    }

    @Test
    void unknownTargetKeysAreAnsweredNotUnderstood() throws NegotiationException {
        Negotiator n = new Negotiator(PROPOSAL, false);
        n.offers();
        assertEquals(List.of(new KeyValue("X-com.vendor.Turbo", "NotUnderstood"),
                        new KeyValue("OFMarker", "NotUnderstood")),
                n.onTargetKeys(List.of(new KeyValue("X-com.vendor.Turbo", "Yes"), new KeyValue("OFMarker", "No"))));
    }

    @Test
    void keysTheTargetOriginatesAreAnsweredWithTheResultAndNotOfferedAgain() throws NegotiationException {
        Negotiator n = new Negotiator(PROPOSAL, false);
        List<KeyValue> replies = n.onTargetKeys(List.of(new KeyValue("MaxBurstLength", "65536"),
                new KeyValue("HeaderDigest", "None,CRC32C"), new KeyValue("InitialR2T", "Yes"),
                new KeyValue("DataDigest", "CRC32C"), new KeyValue("MaxOutstandingR2T", "0"),
                new KeyValue("TargetPortalGroupTag", "3")));
        assertEquals(List.of(new KeyValue("MaxBurstLength", "65536"), new KeyValue("HeaderDigest", "None"),
                new KeyValue("InitialR2T", "Yes"), new KeyValue("DataDigest", "Reject"),
                new KeyValue("MaxOutstandingR2T", "Reject")), replies);
        Map<String, String> offers = offered(n);
        assertFalse(offers.containsKey("MaxBurstLength"));
        assertFalse(offers.containsKey("HeaderDigest"));
        assertTrue(offers.containsKey("DataDigest"));
        n.onTargetKeys(List.of(new KeyValue("FirstBurstLength", "65536"), new KeyValue("DataDigest", "None"),
                new KeyValue("MaxOutstandingR2T", "1")));
        SessionParameters r = n.result();
        assertEquals(65536, r.maxBurstLength());
        assertTrue(r.initialR2T());
        assertEquals(3, r.targetPortalGroupTag());
    }

    @Test
    void discoverySessionAnswersIrrelevantKeysIrrelevant() throws NegotiationException {
        Negotiator n = new Negotiator(PROPOSAL, true);
        n.offers();
        assertEquals(List.of(new KeyValue("InitialR2T", "Irrelevant"), new KeyValue("MaxBurstLength", "Irrelevant")),
                n.onTargetKeys(List.of(new KeyValue("InitialR2T", "Yes"), new KeyValue("MaxBurstLength", "512"),
                        new KeyValue("HeaderDigest", "None"), new KeyValue("DataDigest", "None"))));
        SessionParameters r = n.result();
        assertEquals(-1, r.targetPortalGroupTag());
        assertFalse(r.headerDigest());
    }

    @Test
    void aKeyTwiceInOneResponseOrNegotiatedTwiceIsRefused() throws NegotiationException {
        Negotiator n = new Negotiator(PROPOSAL, false);
        n.offers();
        NegotiationException dup = assertThrows(NegotiationException.class, () -> n.onTargetKeys(List.of(
                new KeyValue("X-a", "1"), new KeyValue("X-a", "2"))));
        assertTrue(dup.getMessage().startsWith("target sent X-a twice in one response"), dup.getMessage());
        n.onTargetKeys(List.of(new KeyValue("MaxBurstLength", "65536")));
        NegotiationException again = assertThrows(NegotiationException.class,
                () -> n.onTargetKeys(List.of(new KeyValue("MaxBurstLength", "512"))));
        assertTrue(again.getMessage().contains("was already negotiated to 65536"), again.getMessage());
    }

    @Test
    void answerWordsForKeysWeNeverSentAreRefused() {
        Negotiator n = new Negotiator(PROPOSAL, false);
        NegotiationException e = assertThrows(NegotiationException.class,
                () -> n.onTargetKeys(List.of(new KeyValue("MaxBurstLength", "Reject"))));
        assertEquals("target answered MaxBurstLength=Reject but the initiator did not offer MaxBurstLength",
                e.getMessage());
        assertThrows(NegotiationException.class,
                () -> n.onTargetKeys(List.of(new KeyValue("X-unknown", "NotUnderstood"))));
    }

    @Test
    void conflictingDeclarationsAreRefused() throws NegotiationException {
        Negotiator n = new Negotiator(PROPOSAL, false);
        n.onTargetKeys(List.of(new KeyValue("MaxRecvDataSegmentLength", "8192")));
        n.onTargetKeys(List.of(new KeyValue("MaxRecvDataSegmentLength", "8192")));
        NegotiationException e = assertThrows(NegotiationException.class,
                () -> n.onTargetKeys(List.of(new KeyValue("MaxRecvDataSegmentLength", "65536"))));
        assertEquals("target declared MaxRecvDataSegmentLength=65536 after declaring 8192", e.getMessage());
    }
}
