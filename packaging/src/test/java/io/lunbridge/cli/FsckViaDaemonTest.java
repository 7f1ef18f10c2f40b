package io.lunbridge.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lunbridge.app.control.ControlReply;
import io.lunbridge.app.control.ControlServer;
import io.lunbridge.app.fsck.Confirmation;
import io.lunbridge.app.fsck.FsckException;
import io.lunbridge.app.fsck.FsckExit;
import io.lunbridge.app.lifecycle.AttachmentRecord;
import io.lunbridge.app.fsck.Affected;
import io.lunbridge.protocol.naming.IscsiName;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code lunbridge fsck} of a daemon disk against a stand-in daemon socket: the check request first,
 * the verdict printed, "y" on the terminal then a repair request; {@code --repair} at once; N, end of
 * input and no terminal; a refusal is exit 8. And which attachments go to the daemon at all.
 */
class FsckViaDaemonTest {
    @TempDir
    Path tmp;

    final List<String> requests = new CopyOnWriteArrayList<>();
    final StringWriter text = new StringWriter();

    ControlServer daemon(int checkExit) throws Exception {
        return ControlServer.start(tmp.resolve("daemon.sock"), Map.of("fsck", r -> {
            requests.add(r.format());
            if (r.arguments().get(0).equals("/dev/loop9")) {
                return ControlReply.refused("not checking: /dev/loop9 is mounted on /mnt (ext4); unmount it first");
            }
            boolean repair = r.has("repair");
            return new ControlReply(ControlReply.Status.OK, "lunbridge daemon 77: " + (repair ? "repair" : "read-only check")
                    + " of /dev/loop3: exit " + (repair ? 1 : checkExit), List.of("  /dev/loop3: "
                    + (repair ? "errors corrected" : "errors found")));
        }));
    }

    int run(boolean repair, Confirmation.Answer answer) throws Exception {
        return new FsckViaDaemon(tmp.resolve("daemon.sock"), q -> answer, new PrintWriter(text, true)).run("/dev/loop3",
                repair);
    }

    @Test
    void yesOnTheTerminalSendsTheRepairAfterTheCheck() throws Exception {
        try (ControlServer s = daemon(4)) {
            assertEquals(1, run(false, Confirmation.Answer.YES));
        }
        assertEquals(List.of("fsck /dev/loop3", "fsck /dev/loop3 repair"), requests);
        assertTrue(text.toString().contains("  /dev/loop3: errors found\n(lunbridge daemon 77: read-only check of "
                + "/dev/loop3: exit 4)\n  /dev/loop3: errors corrected\n(lunbridge daemon 77: repair of /dev/loop3: exit 1)"),
                text.toString());
    }

    @Test
    void repairGoesAtOnceAndACleanCheckAsksNothing() throws Exception {
        try (ControlServer s = daemon(0)) {
            assertEquals(1, run(true, Confirmation.Answer.NO));
            assertEquals(0, run(false, null));
        }
        assertEquals(List.of("fsck /dev/loop3 repair", "fsck /dev/loop3"), requests);
    }

    @Test
    void noEndOfInputAndNoTerminalDoNotRepair() throws Exception {
        try (ControlServer s = daemon(4)) {
            assertEquals(4, run(false, Confirmation.Answer.NO));
            assertEquals(32, run(false, Confirmation.Answer.CANCELLED));
            assertEquals(4, run(false, Confirmation.Answer.NO_TERMINAL));
        }
        assertEquals(List.of("fsck /dev/loop3", "fsck /dev/loop3", "fsck /dev/loop3"), requests);
    }

    @Test
    void aRefusalIsAnOperationalError() throws Exception {
        try (ControlServer s = daemon(0)) {
            FsckException e = assertThrows(FsckException.class, () -> new FsckViaDaemon(tmp.resolve("daemon.sock"),
                    Confirmation.NONE, new PrintWriter(text, true)).run("/dev/loop9", false));
            assertEquals(FsckExit.OPERATIONAL, e.exitStatus());
            assertEquals("the lunbridge daemon (" + tmp.resolve("daemon.sock") + "): not checking: /dev/loop9 is mounted "
                    + "on /mnt (ext4); unmount it first", e.getMessage());
        }
    }

    @Test
    void onlyTheDaemonsOwnAttachmentsGoToIt() {
        IscsiName t = IscsiName.parse("iqn.2026-12.io.lunbridge.test:a");
        Path sock = tmp.resolve("daemon.sock");
        AttachmentRecord daemons = new AttachmentRecord(77, t.value(), "1", "fuse-loop", "/dev/loop3", "/f/lun1", "/f",
                sock.toString());
        AttachmentRecord attachs = new AttachmentRecord(88, t.value(), "1", "fuse-loop", "/dev/loop3", "/f/lun1", "/f",
                tmp.resolve("attach-88.sock").toString());
        assertTrue(FsckCommand.byDaemon(List.of(new Affected(t, "1", Path.of("/dev/loop3"), 77)), List.of(daemons), sock));
        assertEquals(false, FsckCommand.byDaemon(List.of(new Affected(t, "1", Path.of("/dev/loop3"), 88)),
                List.of(attachs), sock), "a foreground attach's LUN is checked here");
    }
}
