package io.lunbridge.app.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.lunbridge.app.control.ControlReply;
import io.lunbridge.app.status.MultipathVerbs;
import io.lunbridge.app.store.StoredTarget;
import io.lunbridge.mpio.MultipathDevice;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The daemon's {@code disable-queueing} runs early in shutdown: a target that fails (a device loop
 * that does not answer) must not leave the targets after it queueing forever, which would hang the
 * unmount of their filesystems and with it the shutdown.
 */
class DaemonDisableQueueingTest {
    private static AttachedTarget target(String suffix) {
        StoredTarget s = ReloadPlanTest.target(suffix, "all");
        return new AttachedTarget() {
            @Override
            public StoredTarget stored() {
                return s;
            }

            @Override
            public List<Path> devices() {
                return List.of();
            }

            @Override
            public List<MultipathDevice> units() {
                return List.of();
            }

            @Override
            public List<String> uses() {
                return List.of();
            }

            @Override
            public List<String> detach(boolean force) {
                return List.of();
            }
        };
    }

    @Test
    void aFailingTargetDoesNotStopTheOthersAndIsNamedInTheError() {
        AttachedTarget a = target("a");
        AttachedTarget b = target("b");
        AttachedTarget c = target("c");
        List<String> asked = new ArrayList<>();
        ControlReply reply = DaemonVerbs.disableQueueing(List.of(a, b, c), t -> {
            asked.add(DaemonTest.suffix(t.stored()));
            if (t == a) {
                return ControlReply.error("queueing not disabled: a/lun1: no answer from its event loop within 5 s");
            }
            if (t == b) {
                throw new IllegalStateException("loop gone");
            }
            return ControlReply.ok("queueing disabled for c/lun1");
        });
        assertEquals(List.of("a", "b", "c"), asked, "every target asked, also after failures");
        assertEquals(ControlReply.error(a.stored().name() + ": queueing not disabled: a/lun1: no answer from its event"
                + " loop within 5 s; " + b.stored().name() + ": java.lang.IllegalStateException: loop gone (the other "
                + "targets: queueing disabled for c/lun1)"), reply);
    }

    @Test
    void withoutFailuresTheAnswerListsWhatChanged() {
        assertEquals(ControlReply.ok(MultipathVerbs.NONE_QUEUEING), DaemonVerbs.disableQueueing(
                List.of(target("a")), t -> ControlReply.ok(MultipathVerbs.NONE_QUEUEING)));
        assertEquals(ControlReply.ok("queueing disabled for a/lun1"), DaemonVerbs.disableQueueing(
                List.of(target("a"), target("b")), t -> ControlReply.ok(t == null ? "" : DaemonTest.suffix(t.stored())
                        .equals("a") ? "queueing disabled for a/lun1" : MultipathVerbs.NONE_QUEUEING)));
    }
}
