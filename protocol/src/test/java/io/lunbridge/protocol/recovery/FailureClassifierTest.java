package io.lunbridge.protocol.recovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.lunbridge.protocol.scsi.ScsiStatus;
import io.lunbridge.protocol.session.ScsiResult;
import io.lunbridge.protocol.session.SessionException;
import io.netty.buffer.Unpooled;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

class FailureClassifierTest {
    /** Fixed-format current sense with the key, ASC and ASCQ. */
    private static byte[] sense(int key, int asc, int ascq) {
        byte[] s = new byte[18];
        s[0] = 0x70;
        s[2] = (byte) key;
        s[7] = 10;
        s[12] = (byte) asc;
        s[13] = (byte) ascq;
        return s;
    }

    private static Recovery check(int key, int asc, int ascq) {
        return FailureClassifier.classify(new ScsiResult(ScsiStatus.CHECK_CONDITION, sense(key, asc, ascq),
                Unpooled.EMPTY_BUFFER, false, false, 0));
    }

    @Test
    void transientTargetConditionsRetryOnTheSamePath() {
        assertEquals(Recovery.RETRY_SAME_PATH, check(0x06, 0x29, 0x00), "UNIT ATTENTION, power on / reset");
        assertEquals(Recovery.RETRY_SAME_PATH, check(0x0b, 0x47, 0x00), "ABORTED COMMAND");
        assertEquals(Recovery.RETRY_SAME_PATH, check(0x02, 0x04, 0x0a), "NOT READY, ALUA state transition");
        assertEquals(Recovery.RETRY_SAME_PATH, check(0x02, 0x04, 0x01), "NOT READY, becoming ready");
        assertEquals(Recovery.RETRY_SAME_PATH, FailureClassifier.classify(new ScsiResult(ScsiStatus.BUSY, new byte[0],
                Unpooled.EMPTY_BUFFER, false, false, 0)));
        assertEquals(Recovery.RETRY_SAME_PATH, FailureClassifier.classify(new ScsiResult(ScsiStatus.TASK_SET_FULL,
                new byte[0], Unpooled.EMPTY_BUFFER, false, false, 0)));
    }

    @Test
    void aluaStandbyOrUnavailablePortGroupsRetryOnAnotherPath() {
        assertEquals(Recovery.RETRY_OTHER_PATH, check(0x02, 0x04, 0x0b), "target port in standby");
        assertEquals(Recovery.RETRY_OTHER_PATH, check(0x02, 0x04, 0x0c), "target port unavailable");
    }

    @Test
    void theTargetsVerdictOnTheCommandFailsUpward() {
        assertEquals(Recovery.FAIL, check(0x03, 0x11, 0x00), "MEDIUM ERROR");
        assertEquals(Recovery.FAIL, check(0x07, 0x27, 0x00), "DATA PROTECT");
        assertEquals(Recovery.FAIL, check(0x05, 0x24, 0x00), "ILLEGAL REQUEST");
        assertEquals(Recovery.FAIL, check(0x02, 0x3a, 0x00), "NOT READY, medium not present");
        assertEquals(Recovery.FAIL, FailureClassifier.classify(new ScsiResult(ScsiStatus.RESERVATION_CONFLICT,
                new byte[0], Unpooled.EMPTY_BUFFER, false, false, 0)));
        assertEquals(Recovery.FAIL, FailureClassifier.classify(new ScsiResult(ScsiStatus.CHECK_CONDITION,
                new byte[] {1, 2}, Unpooled.EMPTY_BUFFER, false, false, 0)), "malformed sense: the status alone");
    }

    @Test
    void sessionFailuresRetryOnAnotherPathUnlessTheSessionWasClosedOnPurpose() {
        for (SessionException.Kind kind : new SessionException.Kind[] {SessionException.Kind.CONNECTION_LOST,
                SessionException.Kind.TIMEOUT, SessionException.Kind.LOGGED_OUT, SessionException.Kind.PROTOCOL}) {
            assertEquals(Recovery.RETRY_OTHER_PATH, FailureClassifier.classify(new SessionException(kind, "x")), kind.name());
        }
        assertEquals(Recovery.RETRY_OTHER_PATH, FailureClassifier.classify(new CompletionException(
                new SessionException(SessionException.Kind.CONNECTION_LOST, "x"))), "unwrapped");
        assertEquals(Recovery.FAIL, FailureClassifier.classify(new SessionException(SessionException.Kind.CLOSED, "x")));
        assertEquals(Recovery.FAIL, FailureClassifier.classify(new SessionException(SessionException.Kind.REJECTED, "x")));
        assertEquals(Recovery.FAIL, FailureClassifier.classify(new IllegalStateException("bug")));
    }

    @Test
    void aGoodResultIsNotAFailure() {
        assertThrows(IllegalArgumentException.class, () -> FailureClassifier.classify(new ScsiResult(ScsiStatus.GOOD,
                new byte[0], Unpooled.EMPTY_BUFFER, false, false, 0)));
    }
}
