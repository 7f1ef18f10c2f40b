package io.lunbridge.protocol.login;

import static io.lunbridge.protocol.login.ChapAuthenticatorTest.OUR_CHALLENGE;
import static io.lunbridge.protocol.login.ChapAuthenticatorTest.OUR_RESPONSE;
import static io.lunbridge.protocol.login.ChapAuthenticatorTest.TARGET_CHALLENGE;
import static io.lunbridge.protocol.login.ChapAuthenticatorTest.TARGET_RESPONSE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lunbridge.protocol.login.LoginException.Kind;
import io.lunbridge.protocol.login.LoginStateMachine.Stage;
import io.lunbridge.protocol.pdu.LoginRequest;
import io.lunbridge.protocol.pdu.LoginResponse;
import io.lunbridge.protocol.text.KeyValue;
import io.lunbridge.protocol.text.OperationalParameters;
import io.lunbridge.protocol.text.SessionParameters;
import io.lunbridge.protocol.text.TextAccumulator;
import io.lunbridge.protocol.text.TextCodec;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The login state machine driven by scripted Login Responses. */
class LoginStateMachineTest {
    static final long ISID = 0x80_12_34_56_00_01L;
    static final int ITT = 0x1000;
    static final String INITIATOR = "iqn.2026-11.io.lunbridge:host";
    static final String TARGET = "iqn.x:t1";
    static final String PORTAL = "198.18.0.2:3260";
    /** Operational answers that accept every default offer. */
    static final String[] ACCEPT_ALL = {"HeaderDigest=None", "DataDigest=None", "MaxConnections=1", "InitialR2T=No",
        "ImmediateData=Yes", "MaxBurstLength=262144", "FirstBurstLength=65536", "DefaultTime2Wait=2",
        "DefaultTime2Retain=0", "MaxOutstandingR2T=1", "DataPDUInOrder=Yes", "DataSequenceInOrder=Yes",
        "ErrorRecoveryLevel=0", "MaxRecvDataSegmentLength=8192"};

    static LoginConfig config(SessionType type, Optional<ChapCredentials> chap) {
        return new LoginConfig(INITIATOR, type == SessionType.NORMAL ? "host-a" : null,
                type == SessionType.NORMAL ? TARGET : null, type, ISID, 0, 0, OperationalParameters.defaults(),
                chap, PORTAL);
    }

    static LoginStateMachine machine(Optional<ChapCredentials> chap) {
        return new LoginStateMachine(config(SessionType.NORMAL, chap), new ChapAuthenticatorTest.ScriptedRandom());
    }

    static ByteBuf text(String... pairs) {
        StringBuilder sb = new StringBuilder();
        for (String p : pairs) {
            sb.append(p).append('\0');
        }
        return Unpooled.wrappedBuffer(sb.toString().getBytes(StandardCharsets.UTF_8));
    }

    static LoginResponse resp(boolean t, boolean c, int csg, int nsg, int tsih, int statSn, String... pairs) {
        return new LoginResponse(t, c, csg, nsg, 0, 0, ISID, tsih, ITT, statSn, 1, 9, 0, 0, text(pairs));
    }

    static LoginResponse status(int cls, int detail, String... pairs) {
        return new LoginResponse(false, false, 0, 0, 0, 0, ISID, 0, ITT, 7, 1, 9, cls, detail, text(pairs));
    }

    static Map<String, String> keys(LoginRequest r) {
        Map<String, String> m = peek(r);
        r.release();
        return m;
    }

    static Map<String, String> peek(LoginRequest r) {
        Map<String, String> m = new LinkedHashMap<>();
        for (KeyValue kv : TextCodec.decode(r.data())) {
            m.put(kv.key(), kv.value());
        }
        return m;
    }

    static LoginRequest send(LoginStep step) {
        return assertInstanceOf(LoginStep.Send.class, step).request();
    }

    /** Runs the operational stage to completion after the security stage transited. */
    static LoginStep.Complete finishOperational(LoginStateMachine m, LoginRequest operational) throws LoginException {
        assertEquals(1, operational.csg());
        assertTrue(operational.transit());
        assertEquals(3, operational.nsg());
        operational.release();
        return assertInstanceOf(LoginStep.Complete.class,
                m.onResponse(resp(true, false, 1, 3, 0x22, 102, ACCEPT_ALL)));
    }

    @Test
    void loginWithoutAuthentication() throws LoginException {
        LoginStateMachine m = machine(Optional.empty());
        LoginRequest first = m.start(ITT, 5, 0);
        assertTrue(first.transit());
        assertEquals(0, first.csg());
        assertEquals(1, first.nsg());
        assertEquals(ISID, first.isid());
        assertEquals(5, first.cmdSn());
        assertEquals(List.of("InitiatorName", "InitiatorAlias", "SessionType", "TargetName", "AuthMethod"),
                List.copyOf(keys(first).keySet()));
        assertEquals(Stage.SECURITY, m.stage());

        LoginRequest op = send(m.onResponse(resp(true, false, 0, 1, 0, 100, "AuthMethod=None",
                "TargetPortalGroupTag=1", "TargetAlias=disk-one")));
        assertEquals(Stage.OPERATIONAL, m.stage());
        assertEquals(101, op.expStatSn());
        assertEquals(5, op.cmdSn());
        Map<String, String> offers = peek(op);
        assertEquals("262144", offers.get("MaxRecvDataSegmentLength"));
        assertEquals("16776192", offers.get("MaxBurstLength"));
        assertEquals(14, offers.size());

        LoginStep.Complete done = finishOperational(m, op);
        assertEquals(Stage.FULL_FEATURE, m.stage());
        assertEquals(new LoginStep.Complete(new SessionParameters(false, false, 262144, 8192, 262144, 65536,
                false, true, 1, true, true, 0, 2, 0, 1, "disk-one", 1), 0x22, 102, 1, 9), done);
        assertThrows(IllegalStateException.class, () -> m.onResponse(resp(true, false, 1, 3, 0x22, 103)));
        assertThrows(IllegalStateException.class, () -> m.start(ITT, 5, 0));
    }

    @Test
    void discoveryLoginSendsNoTargetNameAndOnlyDiscoveryKeys() throws LoginException {
        LoginStateMachine m = new LoginStateMachine(config(SessionType.DISCOVERY, Optional.empty()));
        Map<String, String> first = keys(m.start(ITT, 1, 0));
        assertEquals(Map.of("InitiatorName", INITIATOR, "SessionType", "Discovery", "AuthMethod", "None"), first);
        LoginRequest op = send(m.onResponse(resp(true, false, 0, 1, 0, 1, "AuthMethod=None")));
        assertEquals(List.of("MaxRecvDataSegmentLength", "HeaderDigest", "DataDigest", "DefaultTime2Wait",
                "DefaultTime2Retain", "ErrorRecoveryLevel"), List.copyOf(keys(op).keySet()));
        LoginStep.Complete done = assertInstanceOf(LoginStep.Complete.class, m.onResponse(resp(true, false, 1, 3,
                0x5, 2, "HeaderDigest=None", "DataDigest=None", "DefaultTime2Wait=2", "DefaultTime2Retain=0",
                "ErrorRecoveryLevel=0")));
        assertEquals(-1, done.params().targetPortalGroupTag());
        assertEquals(8192, done.params().maxXmitDataSegmentLength());
    }

    @Test
    void oneWayChap() throws LoginException {
        LoginStateMachine m = machine(Optional.of(ChapAuthenticatorTest.oneWay()));
        LoginRequest first = m.start(ITT, 5, 0);
        assertFalse(first.transit());
        assertEquals("CHAP,None", keys(first).get("AuthMethod"));
        LoginRequest a = send(m.onResponse(resp(false, false, 0, 0, 0, 1, "AuthMethod=CHAP", "TargetPortalGroupTag=1")));
        assertFalse(a.transit());
        assertEquals(Map.of("CHAP_A", "5"), keys(a));
        LoginRequest r = send(m.onResponse(resp(false, false, 0, 0, 0, 2, "CHAP_A=5", "CHAP_I=165",
                "CHAP_C=" + TARGET_CHALLENGE)));
        assertTrue(r.transit());
        assertEquals(1, r.nsg());
        assertEquals(Map.of("CHAP_N", INITIATOR, "CHAP_R", OUR_RESPONSE), keys(r));
        LoginRequest op = send(m.onResponse(resp(true, false, 0, 1, 0, 3)));
        assertEquals(Stage.OPERATIONAL, m.stage());
        finishOperational(m, op);
    }

    @Test
    void mutualChap() throws LoginException {
        LoginStateMachine m = machine(Optional.of(ChapAuthenticatorTest.mutual(TARGET)));
        assertEquals("CHAP", keys(m.start(ITT, 5, 0)).get("AuthMethod"));
        send(m.onResponse(resp(false, false, 0, 0, 0, 1, "AuthMethod=CHAP", "TargetPortalGroupTag=1"))).release();
        LoginRequest r = send(m.onResponse(resp(false, false, 0, 0, 0, 2, "CHAP_A=5", "CHAP_I=165",
                "CHAP_C=" + TARGET_CHALLENGE)));
        assertTrue(r.transit());
        assertEquals(Map.of("CHAP_N", "chap-user", "CHAP_R", OUR_RESPONSE, "CHAP_I", "9", "CHAP_C", OUR_CHALLENGE),
                keys(r));
        LoginRequest op = send(m.onResponse(resp(true, false, 0, 1, 0, 3, "CHAP_N=" + TARGET,
                "CHAP_R=" + TARGET_RESPONSE)));
        finishOperational(m, op);
    }

    @Test
    void mutualChapTargetWithWrongSecretOrNoProofIsRefused() throws LoginException {
        for (String[] last : new String[][] {{"CHAP_N=" + TARGET, "CHAP_R=" + OUR_RESPONSE}, {}}) {
            LoginStateMachine m = machine(Optional.of(ChapAuthenticatorTest.mutual(null)));
            m.start(ITT, 5, 0).release();
            send(m.onResponse(resp(false, false, 0, 0, 0, 1, "AuthMethod=CHAP"))).release();
            send(m.onResponse(resp(false, false, 0, 0, 0, 2, "CHAP_A=5", "CHAP_I=165", "CHAP_C=" + TARGET_CHALLENGE)))
                    .release();
            LoginException e = assertThrows(LoginException.class, () -> m.onResponse(resp(true, false, 0, 1, 0, 3, last)));
            assertEquals(Kind.AUTHENTICATION, e.kind());
            assertEquals(Stage.FAILED, m.stage());
        }
    }

    @Test
    void mutualChapRefusesATargetChoosingNone() {
        LoginStateMachine m = machine(Optional.of(ChapAuthenticatorTest.mutual(null)));
        m.start(ITT, 5, 0).release();
        LoginException e = assertThrows(LoginException.class,
                () -> m.onResponse(resp(false, false, 0, 0, 0, 1, "AuthMethod=None")));
        assertEquals("target chose AuthMethod=None for initiator " + INITIATOR + " at target " + TARGET + " portal "
                + PORTAL + " but the initiator offered CHAP; refusing a target that does not authenticate itself"
                + " while mutual CHAP is configured", e.getMessage());
    }

    @Test
    void targetRequiringAuthenticationWeDoNotHave() {
        LoginStateMachine m = machine(Optional.empty());
        m.start(ITT, 5, 0).release();
        LoginException e = assertThrows(LoginException.class,
                () -> m.onResponse(resp(false, false, 0, 0, 0, 1, "AuthMethod=Reject")));
        assertEquals(Kind.AUTHENTICATION, e.kind());
        assertTrue(e.getMessage().endsWith("it requires authentication; configure CHAP credentials"), e.getMessage());
    }

    @Test
    void continuedResponsesAreReassembledAfterEmptyRequests() throws LoginException {
        LoginStateMachine m = machine(Optional.empty());
        m.start(ITT, 5, 0).release();
        LoginRequest op = send(m.onResponse(resp(true, false, 0, 1, 0, 1, "AuthMethod=None", "TargetPortalGroupTag=1")));
        op.release();
        // the operational answers come in three PDUs, cut inside "MaxBurstLength=262144"
        ByteBuf all = text(ACCEPT_ALL);
        int cut1 = all.toString(StandardCharsets.US_ASCII).indexOf("2621");
        ByteBuf p1 = all.retainedSlice(0, cut1);
        ByteBuf p2 = all.retainedSlice(cut1, 20);
        ByteBuf p3 = all.retainedSlice(cut1 + 20, all.readableBytes() - cut1 - 20);
        LoginRequest empty1 = send(m.onResponse(new LoginResponse(false, true, 1, 0, 0, 0, ISID, 0, ITT, 2, 1, 9, 0, 0, p1)));
        assertEquals(0, empty1.data().readableBytes());
        assertFalse(empty1.continueFlag());
        assertEquals(3, empty1.expStatSn());
        LoginRequest empty2 = send(m.onResponse(new LoginResponse(false, true, 1, 0, 0, 0, ISID, 0, ITT, 3, 1, 9, 0, 0, p2)));
        assertEquals(0, empty2.data().readableBytes());
        LoginStep.Complete done = assertInstanceOf(LoginStep.Complete.class,
                m.onResponse(new LoginResponse(true, false, 1, 3, 0, 0, ISID, 0x22, ITT, 4, 1, 9, 0, 0, p3)));
        assertEquals(262144, done.params().maxBurstLength());
        all.release();
    }

    @Test
    void longOutgoingTextIsSentInContinuedRequests() throws LoginException {
        String alias = "a".repeat(9000);
        LoginStateMachine m = new LoginStateMachine(new LoginConfig(INITIATOR, alias, TARGET, SessionType.NORMAL,
                ISID, 0, 0, OperationalParameters.defaults(), Optional.empty(), PORTAL));
        LoginRequest first = m.start(ITT, 5, 0);
        assertTrue(first.continueFlag());
        assertFalse(first.transit());
        assertEquals(LoginStateMachine.LOGIN_MAX_DATA_SEGMENT, first.data().readableBytes());
        LoginRequest second = send(m.onResponse(resp(false, false, 0, 0, 0, 1)));
        assertFalse(second.continueFlag());
        assertTrue(second.transit());
        TextAccumulator acc = new TextAccumulator();
        acc.accept(first.data(), true);
        List<KeyValue> all = acc.accept(second.data(), false).orElseThrow();
        assertEquals(new KeyValue("InitiatorAlias", alias), all.get(1));
        first.release();
        second.release();
        send(m.onResponse(resp(true, false, 0, 1, 0, 2, "AuthMethod=None", "TargetPortalGroupTag=1"))).release();
        assertEquals(Stage.OPERATIONAL, m.stage());
    }

    @Test
    void redirections() throws LoginException {
        LoginStateMachine m = machine(Optional.empty());
        m.start(ITT, 5, 0).release();
        assertEquals(new LoginStep.Redirect("fd00::1", 3261, 2, false),
                m.onResponse(status(1, 1, "TargetAddress=[fd00::1]:3261,2")));
        assertEquals(Stage.FAILED, m.stage());
        LoginStateMachine p = machine(Optional.empty());
        p.start(ITT, 5, 0).release();
        assertEquals(new LoginStep.Redirect("198.18.0.9", 3260, -1, true),
                p.onResponse(status(1, 2, "TargetAddress=198.18.0.9")));
        LoginStateMachine q = machine(Optional.empty());
        q.start(ITT, 5, 0).release();
        LoginException e = assertThrows(LoginException.class, () -> q.onResponse(status(1, 1)));
        assertEquals(Kind.PROTOCOL, e.kind());
        assertTrue(e.getMessage().startsWith("target redirected the login (status 0x0101) without a TargetAddress"));
    }

    @Test
    void everyStatusBecomesAnExceptionOfItsKind() {
        int[][] table = {{0x0200}, {0x0201}, {0x0202}, {0x0203}, {0x0204}, {0x0205}, {0x0206}, {0x0207}, {0x0208},
            {0x0209}, {0x020a}, {0x020b}, {0x0300}, {0x0301}, {0x0302}, {0x02ff}, {0x03ff}, {0x0103}, {0x0500}};
        Kind[] kinds = {Kind.PROTOCOL, Kind.AUTHENTICATION, Kind.AUTHORIZATION, Kind.TARGET_NOT_FOUND,
            Kind.TARGET_REMOVED, Kind.UNSUPPORTED_VERSION, Kind.TOO_MANY_CONNECTIONS, Kind.MISSING_PARAMETER,
            Kind.TOO_MANY_CONNECTIONS, Kind.SESSION_TYPE_UNSUPPORTED, Kind.SESSION_DOES_NOT_EXIST,
            Kind.INVALID_DURING_LOGIN, Kind.TARGET_ERROR, Kind.SERVICE_UNAVAILABLE, Kind.OUT_OF_RESOURCES,
            Kind.PROTOCOL, Kind.TARGET_ERROR, Kind.PROTOCOL, Kind.PROTOCOL};
        for (int i = 0; i < table.length; i++) {
            int s = table[i][0];
            LoginStateMachine m = machine(Optional.empty());
            m.start(ITT, 5, 0).release();
            LoginException e = assertThrows(LoginException.class, () -> m.onResponse(status(s >> 8, s & 0xff)));
            assertEquals(kinds[i], e.kind(), String.format("status 0x%04x", s));
            assertEquals(Stage.FAILED, m.stage());
            if (s >> 8 != 1) {
                assertEquals(s, e.status());
                assertTrue(e.getMessage().contains(String.format("(login status 0x%04x)", s)), e.getMessage());
            }
        }
    }

    @Test
    void authenticationFailureMessageIsActionableAndNotRetryable() {
        LoginStateMachine m = machine(Optional.empty());
        m.start(ITT, 5, 0).release();
        LoginException e = assertThrows(LoginException.class, () -> m.onResponse(status(2, 1)));
        assertEquals("authentication failed for initiator " + INITIATOR + " at target " + TARGET + " portal " + PORTAL
                + " (login status 0x0201): check the CHAP name and secret (and whether the target requires CHAP)",
                e.getMessage());
        assertFalse(e.retryable());
        LoginStateMachine busy = machine(Optional.empty());
        busy.start(ITT, 5, 0).release();
        assertTrue(assertThrows(LoginException.class, () -> busy.onResponse(status(3, 2))).retryable());
    }

    private static LoginException operationalFailure(String... answers) throws LoginException {
        LoginStateMachine m = machine(Optional.empty());
        m.start(ITT, 5, 0).release();
        send(m.onResponse(resp(true, false, 0, 1, 0, 1, "AuthMethod=None", "TargetPortalGroupTag=1"))).release();
        LoginException e = assertThrows(LoginException.class, () -> m.onResponse(resp(true, false, 1, 3, 9, 2, answers)));
        assertEquals(Stage.FAILED, m.stage());
        return e;
    }

    @Test
    void targetAnsweringOutOfRangeOrAgainstTheRuleFailsNegotiation() throws LoginException {
        LoginException e = operationalFailure("MaxRecvDataSegmentLength=100");
        assertEquals(Kind.NEGOTIATION, e.kind());
        assertTrue(e.getMessage().endsWith("MaxRecvDataSegmentLength=100 is out of range 512..16777215"), e.getMessage());
        LoginException burst = operationalFailure("MaxBurstLength=16777215");
        assertTrue(burst.getMessage().endsWith("target answered MaxBurstLength=16777215 but the initiator offered"
                + " 16776192; the result must be the minimum"), burst.getMessage());
    }

    @Test
    void targetRejectingAKeyWeNeedFails() throws LoginException {
        LoginException e = operationalFailure("DefaultTime2Retain=Reject");
        assertEquals(Kind.NEGOTIATION, e.kind());
        assertTrue(e.getMessage().contains("target answered DefaultTime2Retain=Reject"), e.getMessage());
    }

    @Test
    void unknownTargetKeyIsAnsweredNotUnderstood() throws LoginException {
        LoginStateMachine m = machine(Optional.empty());
        m.start(ITT, 5, 0).release();
        send(m.onResponse(resp(true, false, 0, 1, 0, 1, "AuthMethod=None", "TargetPortalGroupTag=1"))).release();
        LoginRequest next = send(m.onResponse(resp(false, false, 1, 0, 0, 2, "X-com.vendor.Fast=Yes",
                "MaxOutstandingR2T=1")));
        assertTrue(next.transit());
        assertEquals(Map.of("X-com.vendor.Fast", "NotUnderstood"), keys(next));
        assertInstanceOf(LoginStep.Complete.class, m.onResponse(resp(true, false, 1, 3, 9, 3, "HeaderDigest=None",
                "DataDigest=None")));
    }

    @Test
    void protocolViolationsAreRefused() throws LoginException {
        assertEquals("login response has initiator task tag 0x00000001, expected 0x00001000",
                firstResponseFailure(new LoginResponse(true, false, 0, 1, 0, 0, ISID, 0, 1, 1, 1, 9, 0, 0,
                        text("AuthMethod=None"))).getMessage().split(" \\(")[0]);
        assertTrue(firstResponseFailure(new LoginResponse(true, false, 0, 1, 0, 0, ISID + 1, 0, ITT, 1, 1, 9, 0, 0,
                text("AuthMethod=None"))).getMessage().startsWith("login response has ISID"));
        assertEquals(Kind.UNSUPPORTED_VERSION, firstResponseFailure(new LoginResponse(true, false, 0, 1, 1, 1, ISID, 0,
                ITT, 1, 1, 9, 0, 0, text("AuthMethod=None"))).kind());
        assertTrue(firstResponseFailure(resp(true, true, 0, 1, 0, 1, "AuthMethod=None")).getMessage()
                .startsWith("login response has both the T and the C bit set"));
        assertTrue(firstResponseFailure(resp(true, false, 0, 3, 0, 1, "AuthMethod=None")).getMessage()
                .startsWith("target transits to NSG 3 from CSG 0 but the initiator asked for NSG 1"));
        assertTrue(firstResponseFailure(resp(true, false, 1, 3, 0, 1, "AuthMethod=None")).getMessage()
                .startsWith("login response has CSG 1 but the initiator is in stage 0"));
        assertTrue(firstResponseFailure(resp(true, false, 0, 1, 0, 1, "TargetPortalGroupTag=1")).getMessage()
                .startsWith("target did not answer AuthMethod=None"));
        assertTrue(firstResponseFailure(resp(true, false, 0, 1, 0, 1, "AuthMethod=None", "CHAP_A=5")).getMessage()
                .startsWith("target sent [CHAP_A] together with AuthMethod=None"));
        assertEquals(Kind.PROTOCOL, firstResponseFailure(resp(true, false, 0, 1, 0, 1, "AuthMethod")).kind());
    }

    private static LoginException firstResponseFailure(LoginResponse r) {
        LoginStateMachine m = machine(Optional.empty());
        m.start(ITT, 5, 0).release();
        LoginException e = assertThrows(LoginException.class, () -> m.onResponse(r));
        assertEquals(Stage.FAILED, m.stage());
        return e;
    }

    @Test
    void targetSettingTWithoutBeingAskedIsRefused() {
        LoginStateMachine m = machine(Optional.of(ChapAuthenticatorTest.oneWay()));
        m.start(ITT, 5, 0).release();
        LoginException e = assertThrows(LoginException.class,
                () -> m.onResponse(resp(true, false, 0, 1, 0, 1, "AuthMethod=CHAP")));
        assertTrue(e.getMessage().startsWith("target set the T bit (NSG 1) but the initiator did not ask to transit"));
    }

    @Test
    void finalResponseWithoutTsihIsRefused() throws LoginException {
        LoginStateMachine m = machine(Optional.empty());
        m.start(ITT, 5, 0).release();
        send(m.onResponse(resp(true, false, 0, 1, 0, 1, "AuthMethod=None", "TargetPortalGroupTag=1"))).release();
        LoginException e = assertThrows(LoginException.class, () -> m.onResponse(resp(true, false, 1, 3, 0, 2, ACCEPT_ALL)));
        assertEquals(Kind.PROTOCOL, e.kind());
        assertTrue(e.getMessage().startsWith("target completed the login without assigning a TSIH"), e.getMessage());
    }

    @Test
    void aTargetThatNeverFinishesIsCutOff() throws LoginException {
        LoginStateMachine m = machine(Optional.empty());
        m.start(ITT, 5, 0).release();
        for (int i = 0; i < LoginStateMachine.MAX_EXCHANGES; i++) {
            send(m.onResponse(resp(false, false, 0, 0, 0, i, i == 0 ? "AuthMethod=None" : "X-a" + i + "=1"))).release();
        }
        LoginException e = assertThrows(LoginException.class, () -> m.onResponse(resp(false, false, 0, 0, 0, 99)));
        assertTrue(e.getMessage().startsWith("target did not finish the login after 32 negotiation rounds"), e.getMessage());
    }
}
