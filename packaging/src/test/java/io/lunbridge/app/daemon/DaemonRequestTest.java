package io.lunbridge.app.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.lunbridge.app.control.ControlReply;
import io.lunbridge.app.control.ControlRequest;
import io.lunbridge.protocol.naming.IscsiName;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** The daemon's target requests: what parses, and the error each malformed request is answered with. */
class DaemonRequestTest {
    private static final String IQN = "iqn.2026-12.io.lunbridge.test:a";

    private static DaemonRequest parse(String line) {
        return DaemonRequest.parse(ControlRequest.parse(line));
    }

    private static String error(String line) {
        return assertThrows(IllegalArgumentException.class, () -> parse(line)).getMessage();
    }

    @Test
    void wellFormedRequestsParse() {
        IscsiName a = IscsiName.parse(IQN);
        assertEquals(new DaemonRequest.Login("login", a, Optional.empty()), parse("login " + IQN));
        assertEquals(new DaemonRequest.Login("attach", a, Optional.of(2)), parse("attach " + IQN + " 2"));
        assertEquals(new DaemonRequest.Logout("logout", a, false), parse("logout " + IQN));
        assertEquals(new DaemonRequest.Logout("logout", a, true), parse("logout " + IQN + " force"));
        assertEquals(new DaemonRequest.Logout("detach", a, true), parse("detach " + IQN + " force"));
        assertEquals(new DaemonRequest.Fsck(IQN, false), parse("fsck " + IQN));
        assertEquals(new DaemonRequest.Fsck("/dev/loop3", true), parse("fsck /dev/loop3 repair"));
    }

    @Test
    void badFsckRequestsNameTheProblem() {
        assertEquals("fsck: expected 'fsck IQN|DEVICE [repair]', found no argument", error("fsck"));
        assertEquals("fsck: expected 'repair' after the device or target, found 'now'", error("fsck /dev/loop3 now"));
        assertEquals("fsck: expected 'fsck IQN|DEVICE [repair]', found 'fsck /dev/loop3 repair x'",
                error("fsck /dev/loop3 repair x"));
        String notName = error("fsck loop3");
        assertEquals(true, notName.startsWith("fsck: 'loop3' is not a target name: "), notName);
    }

    @Test
    void badRequestsNameTheProblem() {
        assertEquals("login: expected 'login IQN [portal HOST[:PORT] ...]', found no argument", error("login"));
        assertEquals("login: expected 'login IQN [portal HOST[:PORT] ...]', found 'login " + IQN + " 3'",
                error("login " + IQN + " 3"));
        assertEquals("logout: expected 'force' after the target, found 'now'", error("logout " + IQN + " now"));
        assertEquals("attach: LUN 'x1': expected a number 0..16383", error("attach " + IQN + " x1"));
        assertEquals("attach: LUN '99999': expected a number 0..16383", error("attach " + IQN + " 99999"));
        String notName = error("login disk1");
        assertEquals(true, notName.startsWith("login: 'disk1' is not a target name: "), notName);
    }

    @Test
    void theDaemonAnswersABadRequestWithErrorWithoutQueueingIt() {
        Daemon d = new Daemon(java.util.List::of, t -> {
            throw new AssertionError("nothing is attached");
        }, SdNotify.fromEnvironment(Map.of(), 1));
        Map<String, Function<ControlRequest, ControlReply>> verbs = DaemonVerbs.of(d);
        // the daemon's main loop is not running: a request that were queued would wait; a bad one is answered at once
        assertEquals(ControlReply.error("logout: expected 'logout IQN [force]', found no argument"),
                verbs.get("logout").apply(ControlRequest.parse("logout")));
        assertEquals(ControlReply.error("status: expected 'status' or 'status json', found 'status xml'"),
                verbs.get("status").apply(ControlRequest.parse("status xml")));
        assertEquals(ControlReply.error("fsck: expected 'fsck IQN|DEVICE [repair]', found no argument"),
                verbs.get("fsck").apply(ControlRequest.parse("fsck")));
    }
}
