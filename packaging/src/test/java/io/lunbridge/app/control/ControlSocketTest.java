package io.lunbridge.app.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The line protocol over a real Unix socket. */
class ControlSocketTest {
    @TempDir
    Path tmp;

    @Test
    void requestsAreAnsweredWithDataAndAStatusLine() throws Exception {
        Path sock = tmp.resolve("c.sock");
        try (ControlServer s = ControlServer.start(sock, Map.of(
                "status", r -> new ControlReply(ControlReply.Status.OK, "state SERVING", List.of("device /dev/loop1")),
                "detach", r -> r.has("force") ? ControlReply.ok("forced") : ControlReply.refused("mounted")))) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(sock)));
            ControlReply status = ControlClient.send(sock, ControlRequest.parse("status"));
            assertEquals(new ControlReply(ControlReply.Status.OK, "state SERVING", List.of("device /dev/loop1")), status);
            assertEquals(ControlReply.refused("mounted"), ControlClient.send(sock, ControlRequest.parse("detach")));
            assertEquals(ControlReply.ok("forced"), ControlClient.send(sock, ControlRequest.parse("detach force")));
            ControlReply unknown = ControlClient.send(sock, ControlRequest.parse("reboot"));
            assertEquals(ControlReply.Status.ERROR, unknown.status());
            assertEquals("unknown request 'reboot'; this process answers: detach, status", unknown.message());
        }
        assertFalse(Files.exists(sock), "close removes the socket");
    }

    @Test
    void aPeerWhoseUserIsNotAllowedIsRefusedNamingTheUser() throws Exception {
        Path sock = tmp.resolve("p.sock");
        String me = System.getProperty("user.name");
        java.util.concurrent.atomic.AtomicInteger handled = new java.util.concurrent.atomic.AtomicInteger();
        try (ControlServer s = ControlServer.start(sock, Map.of("status", r -> {
            handled.incrementAndGet();
            return ControlReply.ok("state READY");
        }), user -> !user.equals(me))) {
            assertEquals(ControlReply.refused("user " + me + " may not control this process (root only)"),
                    ControlClient.send(sock, ControlRequest.parse("status")));
            assertEquals(0, handled.get(), "a refused peer's request is never handed to a verb");
        }
        try (ControlServer s = ControlServer.start(sock, Map.of("status", r -> ControlReply.ok("state READY")))) {
            assertEquals(ControlReply.ok("state READY"), ControlClient.send(sock, ControlRequest.parse("status")),
                    "the default policy answers root and the server's own user");
        }
    }

    @Test
    void nothingListeningIsToldApartFromABrokenReply() throws Exception {
        Path none = tmp.resolve("none.sock");
        ControlClient.NotListening e = assertThrows(ControlClient.NotListening.class,
                () -> ControlClient.send(none, ControlRequest.parse("status")));
        assertEquals(none, e.socket());
        assertTrue(e.getMessage().startsWith("control socket " + none + ": nothing answers"), e.getMessage());
    }

    @Test
    void malformedRepliesAndRequestsAreNamed() {
        assertEquals("reply line 1 is not 'data TEXT': hello",
                assertThrows(IllegalArgumentException.class, () -> ControlReply.parse(List.of("hello", "ok x")))
                        .getMessage());
        assertEquals("reply line 1 is not 'ok|refused|error TEXT': maybe so",
                assertThrows(IllegalArgumentException.class, () -> ControlReply.parse(List.of("maybe so"))).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ControlRequest.parse("DETACH"))
                .getMessage().contains("expected lower-case letters"));
        assertEquals("ok a b\n", ControlReply.ok("a\nb").format(), "control characters never split a reply line");
    }
}
