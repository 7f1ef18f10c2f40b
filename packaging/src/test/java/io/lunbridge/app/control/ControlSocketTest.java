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
