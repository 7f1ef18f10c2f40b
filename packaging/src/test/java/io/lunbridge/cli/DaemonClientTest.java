package io.lunbridge.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.lunbridge.app.control.ControlReply;
import io.lunbridge.app.control.ControlServer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** login and logout go to the daemon's socket; without a daemon they fail naming the socket, the service and attach. */
class DaemonClientTest {
    private static final String IQN = "iqn.2026-12.io.lunbridge.test:a";

    @TempDir
    Path tmp;

    @Test
    void withoutADaemonLoginAndLogoutSayWhereTheyLookedAndWhatToDo() {
        Path sock = tmp.resolve("daemon.sock");
        CliRun login = CliRun.run("login", IQN, "--control", sock.toString());
        assertEquals(1, login.status());
        assertEquals("lunbridge: error: no lunbridge daemon is running (nothing answers on " + sock + "): start the "
                + "service (systemctl start lunbridge), or attach in the foreground with 'lunbridge attach --target "
                + IQN + "'\n", login.err());
        CliRun logout = CliRun.run("logout", IQN, "--control", sock.toString());
        assertEquals(1, logout.status());
        assertEquals("lunbridge: error: no lunbridge daemon is running (nothing answers on " + sock + "): start the "
                + "service (systemctl start lunbridge), or end a foreground attach with 'lunbridge detach --target "
                + IQN + " --lun N'\n", logout.err());
    }

    @Test
    void theRequestsAndTheDaemonsAnswersPassThrough() throws Exception {
        Path sock = tmp.resolve("daemon.sock");
        List<String> seen = new CopyOnWriteArrayList<>();
        try (ControlServer s = ControlServer.start(sock, Map.of(
                "login", r -> {
                    seen.add(r.format());
                    return ControlReply.ok("target " + IQN + " logged in: /dev/loop7");
                },
                "logout", r -> {
                    seen.add(r.format());
                    return r.has("force") ? ControlReply.ok("logged out")
                            : ControlReply.refused("not logging out of " + IQN + ": /dev/loop7 is mounted on /mnt (ext4)");
                }))) {
            CliRun login = CliRun.run("login", IQN, "--control", sock.toString());
            assertEquals(0, login.status(), login.err());
            assertEquals("target " + IQN + " logged in: /dev/loop7\n", login.out());
            CliRun refused = CliRun.run("logout", IQN, "--control", sock.toString());
            assertEquals(1, refused.status());
            assertEquals("lunbridge: error: not logging out of " + IQN + ": /dev/loop7 is mounted on /mnt (ext4)\n",
                    refused.err());
            assertEquals(0, CliRun.run("logout", IQN, "--force", "--control", sock.toString()).status());
            assertEquals(List.of("login " + IQN, "logout " + IQN, "logout " + IQN + " force"), seen);
        }
    }

    @Test
    void attachGoesToARunningDaemonAndRefusesForegroundOnlyOptionsThere() throws Exception {
        Path sock = tmp.resolve("daemon.sock");
        List<String> seen = new CopyOnWriteArrayList<>();
        try (ControlServer s = ControlServer.start(sock, Map.of(
                "attach", r -> {
                    seen.add(r.format());
                    return ControlReply.ok("target " + IQN + " logged in: /dev/loop7");
                },
                "status", r -> ControlReply.ok("text")))) {
            CliRun attach = CliRun.run("attach", "--target", IQN, "--lun", "2", "--daemon", sock.toString());
            assertEquals(0, attach.status(), attach.err());
            assertEquals("target " + IQN + " logged in: /dev/loop7\n", attach.out());
            assertEquals(List.of("attach " + IQN + " 2"), seen);
            CliRun portal = CliRun.run("attach", "--target", IQN, "--portal", "198.18.0.2", "--daemon", sock.toString());
            assertEquals(1, portal.status());
            assertEquals("lunbridge: error: the lunbridge daemon is running (" + sock + ") and attaches with its own "
                    + "discovery and settings; --portal only applies to an attach in this process: add --foreground\n",
                    portal.err());
            // the daemon may run in netlink mode: an explicit fuse-loop (or any mode) is not passed on and ignored
            for (String m : List.of("fuse-loop", "netlink")) {
                CliRun mode = CliRun.run("attach", "--target", IQN, "--mode", m, "--daemon", sock.toString());
                assertEquals(1, mode.status(), m);
                assertEquals("lunbridge: error: the lunbridge daemon is running (" + sock + ") and attaches with its own "
                        + "discovery and settings; --mode " + m + " only applies to an attach in this process: add "
                        + "--foreground\n", mode.err());
            }
            assertEquals(List.of("attach " + IQN + " 2"), seen, "nothing sent for the refused ones");
        }
    }
}
