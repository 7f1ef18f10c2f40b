package io.lunbridge.protocol.recovery;

import io.lunbridge.protocol.scsi.ScsiStatus;
import io.lunbridge.protocol.scsi.SenseData;
import io.lunbridge.protocol.session.ScsiResult;
import io.lunbridge.protocol.session.SessionException;
import java.util.concurrent.CompletionException;

/**
 * Classifies a failed command for the multipath layer (pure; no state):
 * <ul>
 *   <li>{@link Recovery#RETRY_SAME_PATH}: UNIT ATTENTION, BUSY, TASK SET FULL, ABORTED COMMAND,
 *       NOT READY while becoming ready (04h/01h) or in an ALUA transition (04h/0Ah);</li>
 *   <li>{@link Recovery#RETRY_OTHER_PATH}: a retryable {@link SessionException} (connection lost,
 *       aborted after a timeout, session dropped, logout requested), and NOT READY with the ALUA
 *       target port group in standby (04h/0Bh) or unavailable (04h/0Ch);</li>
 *   <li>{@link Recovery#FAIL}: everything else (MEDIUM ERROR, DATA PROTECT, ILLEGAL REQUEST, …,
 *       and a non-retryable session failure such as a closed session or a protocol reject).</li>
 * </ul>
 */
public final class FailureClassifier {
    private static final int NOT_READY = 0x02;
    private static final int UNIT_ATTENTION = 0x06;
    private static final int ABORTED_COMMAND = 0x0b;

    private FailureClassifier() {
    }

    /** A command that completed at the target with a status that is not GOOD. */
    public static Recovery classify(int status, SenseData sense) {
        switch (status) {
            case ScsiStatus.BUSY:
            case ScsiStatus.TASK_SET_FULL:
                return Recovery.RETRY_SAME_PATH;
            case ScsiStatus.CHECK_CONDITION:
                break;
            default:
                return Recovery.FAIL;
        }
        if (sense == null) {
            return Recovery.FAIL;
        }
        switch (sense.senseKey()) {
            case UNIT_ATTENTION:
            case ABORTED_COMMAND:
                return Recovery.RETRY_SAME_PATH;
            case NOT_READY:
                if (sense.is(0x04, 0x01) || sense.is(0x04, 0x0a)) {
                    return Recovery.RETRY_SAME_PATH;
                }
                if (sense.is(0x04, 0x0b) || sense.is(0x04, 0x0c)) {
                    return Recovery.RETRY_OTHER_PATH;
                }
                return Recovery.FAIL;
            default:
                return Recovery.FAIL;
        }
    }

    /** A result as the session returned it (sense parsed here; malformed sense counts as none). */
    public static Recovery classify(ScsiResult result) {
        if (result.good()) {
            throw new IllegalArgumentException("a GOOD result is not a failure");
        }
        SenseData sense = null;
        if (result.sense().length > 0) {
            try {
                sense = SenseData.parse(result.sense());
            } catch (RuntimeException malformed) {
                sense = null;
            }
        }
        return classify(result.status(), sense);
    }

    /** A command whose future failed (a session failure, or anything else). */
    public static Recovery classify(Throwable failure) {
        Throwable t = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (t instanceof SessionException) {
            return ((SessionException) t).retryable() ? Recovery.RETRY_OTHER_PATH : Recovery.FAIL;
        }
        return Recovery.FAIL;
    }

    /** Whether the sense says the path's target port group is in ALUA standby or unavailable. */
    public static boolean portGroupUnusable(SenseData sense) {
        return sense != null && sense.senseKey() == NOT_READY && (sense.is(0x04, 0x0b) || sense.is(0x04, 0x0c));
    }
}
