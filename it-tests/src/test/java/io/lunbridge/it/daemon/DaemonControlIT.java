package io.lunbridge.it.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lunbridge.it.harness.Await;
import io.lunbridge.it.harness.CliRun;
import io.lunbridge.it.harness.Command;
import io.lunbridge.it.harness.HarnessException;
import io.lunbridge.it.harness.NetworkNamespace;
import io.lunbridge.it.harness.ProcessResult;
import io.lunbridge.it.harness.ProcessRunner;
import io.lunbridge.it.harness.TargetHostExtension;
import io.lunbridge.it.harness.TgtdTarget;
import io.lunbridge.it.harness.Text;
import io.lunbridge.it.harness.WorkDirs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daemon's control verbs against a real tgtd, FUSE + loop mode: {@code lunbridge login} with no
 * daemon fails naming the socket and the ways out; with the daemon running (its target stored but
 * not automatic, so nothing is attached at start) a second daemon on the same socket is refused;
 * {@code lunbridge login IQN} attaches the target (a loop device appears; status shows it with its
 * session, portal and size); with ext4 mounted on it {@code lunbridge logout IQN} is refused naming
 * the mount point, and {@code status --json} carries the device, size, identity, state, session and
 * the mount; once unmounted, {@code logout} detaches the loop device and tgtd shows no session; after
 * a second login, {@code lunbridge detach DEVICE} has the daemon detach it and log out.
 *
 * <p>{@link #detachOfOneLunKeepsTheSessionAndLoginThroughAPortalNeedsNoStore}: with a stored 2-LUN
 * target logged in, {@code lunbridge detach} of LUN 2's loop device detaches that device alone: LUN 1's
 * device still writes and reads back, tgtd still shows the session; then {@code lunbridge login IQN
 * --portal} of a target that is not in the store attaches it (status: not in the store; the store
 * still lacks it), and a bad portal, a closed port and a target the portal does not list are each an
 * error naming the portal or target.
 *
 * <p>{@code lunbridge fsck} of the daemon's device goes through the daemon: refused while mounted
 * (naming the mount point); after a real I/O-failure episode (the namespace's link pulled, a
 * replacement timeout of 3 s, a direct read failing with EIO) the daemon's own status JSON carries
 * the store's {@code needs-fsck} flag on the LUN, and a clean read-only check by the daemon (its
 * reply and its log name it) clears it. The target has {@code vgs=itvg} configured, on an lvm.conf
 * that hides every device ({@code LVM_SYSTEM_DIR}): the daemon refuses the VG (no PV visible), and
 * {@code status --json} shows it per target (state, reason) and among the configured VGs.
 */
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class DaemonControlIT {
    private static final Path JAR = Path.of(System.getProperty("lunbridge.jar", "../packaging/target/lunbridge.jar"))
            .toAbsolutePath();
    private static final String IQN = "iqn.2026-12.io.lunbridge.it:daemon-control";
    private static final Pattern LOGGED_IN = Pattern.compile("target " + Pattern.quote(IQN) + " logged in: (/dev/loop\\d+)");
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    final TargetHostExtension hosts = new TargetHostExtension();

    @TempDir
    Path tmp;

    @Test
    void loginAttachesLogoutIsRefusedWhileMountedAndSucceedsOnceUnmounted() throws Exception {
        NetworkNamespace ns = hosts.namespace();
        TgtdTarget tgtd = hosts.tgtd(ns);
        tgtd.addTarget(1, IQN);
        tgtd.addLun(1, 1, 16L << 20);
        tgtd.bindAll(1);
        List<String> store = List.of("--store", tmp.resolve("store.db").toString());
        CliRun add = CliRun.of(store, "target", "add", IQN, "--portal", ns.peerAddress());
        assertEquals(0, add.status(), add.err());
        CliRun vg = CliRun.of(store, "target", "set", IQN, "vgs=itvg");
        assertEquals(0, vg.status(), vg.err());
        Path etc = Files.createDirectories(tmp.resolve("etc"));
        // notice the pulled link within seconds
        Files.writeString(etc.resolve("lunbridge.conf"), "session.keepalive-interval = 1\nsession.keepalive-timeout = 2\n");
        Path lvmDir = Files.createDirectories(tmp.resolve("lvm"));
        Files.writeString(lvmDir.resolve("lvm.conf"), LVM_HIDING_EVERYTHING);

        Path control = tmp.resolve("daemon.sock");
        CliRun none = CliRun.of("login", IQN, "--control", control.toString());
        assertEquals(1, none.status(), none.out());
        assertTrue(none.err().contains("no lunbridge daemon is running (nothing answers on " + control + ")")
                && none.err().contains("systemctl start lunbridge") && none.err().contains("lunbridge attach --target "
                + IQN), none.err());

        Path mounts = tmp.resolve("fuse");
        Path mnt = Files.createDirectory(tmp.resolve("mnt"));
        Path out = WorkDirs.newLogFile("daemon-control-out");
        Path err = WorkDirs.newLogFile("daemon-control-err");
        String device = null;
        try (NotifySocket notify = new NotifySocket(tmp.resolve("notify"))) {
            Process daemon = ProcessRunner.start(daemonCommand(control, mounts, notify.path()), out, err);
            try {
                Await.until("READY=1 on the notify socket", WAIT, () -> {
                    if (!daemon.isAlive()) {
                        throw new HarnessException("the daemon exited with " + daemon.exitValue() + "\n"
                                + Text.tailOfFile(err, 40));
                    }
                    return notify.indexOf("READY=1", 0) >= 0;
                });
                assertTrue(notify.messages().get(notify.indexOf("READY=1", 0)).contains("STATUS=0 devices, 0 queueing"),
                        "the target is manual: nothing attached at start " + notify.messages());

                ProcessResult second = ProcessRunner.runAllowingFailure(daemonCommand(control, tmp.resolve("fuse2"), null),
                        Duration.ofSeconds(60));
                assertFalse(second.succeeded(), second.describe());
                assertTrue(second.stderr().contains("another lunbridge daemon (process " + daemon.pid() + ") is running "
                        + "with control socket " + control), second.describe());

                CliRun login = CliRun.of("login", IQN, "--control", control.toString());
                assertEquals(0, login.status(), login.err() + "\n" + Text.tailOfFile(err, 40));
                Matcher m = LOGGED_IN.matcher(login.out());
                assertTrue(m.find(), login.out());
                device = m.group(1);
                String dev = device;
                assertTrue(ProcessRunner.run("losetup", device).stdout().contains(mounts.resolve(IQN).toString()),
                        "the loop device is bound to the target's FUSE file");
                assertEquals(String.valueOf(16L << 20), ProcessRunner.run("blockdev", "--getsize64", device).stdout().trim());

                CliRun text = CliRun.of("status", "--control", control.toString());
                assertEquals(0, text.status(), text.err());
                assertTrue(text.out().contains("device " + device + " file " + mounts.resolve(IQN).resolve("lun1")),
                        text.out());
                assertTrue(text.out().contains("portal " + ns.peerAddress() + ":3260") && text.out().contains(": logged in"),
                        text.out());
                assertTrue(text.out().contains("size=16777216 (16.0 MiB)"), text.out());
                assertTrue(text.out().contains("(attached on request)"), text.out());

                ProcessRunner.run("mkfs.ext4", "-q", "-F", device);
                ProcessRunner.run("mount", device, mnt.toString());
                CliRun refused = CliRun.of("logout", IQN, "--control", control.toString());
                assertEquals(1, refused.status(), refused.out());
                assertTrue(refused.err().contains("not logging out of " + IQN + ": " + device + " is mounted on " + mnt
                        + " (ext4)"), refused.err());
                assertTrue(boundToUs(device, mounts), "still attached");

                CliRun json = CliRun.of(store, "status", "--control", control.toString(), "--json");
                assertEquals(0, json.status(), json.err());
                JsonNode processes = JSON.readTree(json.out()).path("processes");
                assertEquals(1, processes.size(), json.out());
                JsonNode t = processes.get(0);
                assertEquals(daemon.pid(), t.path("pid").asLong());
                assertEquals("daemon", t.path("verb").asText());
                assertEquals(IQN, t.path("target").asText());
                assertEquals("request", t.path("origin").asText());
                JsonNode session = t.path("sessions").get(0);
                assertNotNull(session, json.out());
                assertEquals(ns.peerAddress() + ":3260", session.path("portal").asText());
                assertTrue(session.path("loggedIn").asBoolean(), json.out());
                assertTrue(session.path("tsih").asInt() != 0, json.out());
                JsonNode d = t.path("devices").get(0);
                assertEquals(device, d.path("device").asText());
                assertEquals(mounts.resolve(IQN).resolve("lun1").toString(), d.path("file").asText());
                assertEquals(16L << 20, d.path("sizeBytes").asLong());
                assertFalse(d.path("identity").isNull() || d.path("identity").asText().isEmpty(), json.out());
                assertEquals("RUNNING", d.path("state").asText());
                assertTrue(d.path("queueingSecondsLeft").isNull(), "no countdown while RUNNING: " + json.out());
                assertEquals("ACTIVE", d.path("paths").get(0).path("state").asText());
                assertEquals(ns.peerAddress() + ":3260", d.path("paths").get(0).path("portal").asText());
                assertTrue(d.path("volumeGroups").isArray() && d.path("volumeGroups").isEmpty(), json.out());
                assertEquals(mnt.toString(), d.path("mounts").get(0).path("mountPoint").asText(), json.out());
                assertEquals("ext4", d.path("mounts").get(0).path("fsType").asText());
                assertTrue(d.path("flags").isArray() && d.path("flags").isEmpty(), json.out());
                JsonNode vgState = t.path("volumeGroups").get(0);
                assertNotNull(vgState, "the daemon's entry lists the target's VGs: " + json.out());
                assertEquals("itvg", vgState.path("name").asText(), json.out());
                assertEquals("REFUSED", vgState.path("state").asText(), json.out());
                assertTrue(vgState.path("reason").asText().contains("no physical volume of volume group itvg is visible"),
                        json.out());
                JsonNode configured = JSON.readTree(json.out()).path("volumeGroups").get(0);
                assertNotNull(configured, "the configured VGs: " + json.out());
                assertEquals(IQN, configured.path("target").asText(), json.out());
                assertEquals("itvg", configured.path("name").asText(), json.out());

                // fsck of the daemon's device goes to the daemon, which refuses it while mounted
                CliRun fsckMounted = CliRun.of(store, "fsck", device, "--control", control.toString());
                assertEquals(8, fsckMounted.status(), fsckMounted.out() + fsckMounted.err());
                assertTrue(fsckMounted.err().contains("the lunbridge daemon (" + control + "): not checking: " + device
                        + " is mounted on " + mnt + " (ext4)"), fsckMounted.err());

                ProcessRunner.run("umount", mnt.toString());

                // a real episode: the daemon's store flags the LUN and the daemon's own status carries it
                ioFailureEpisode(ns, device);
                Await.until("the daemon's status JSON carries needs-fsck", WAIT, () -> firstDeviceFlags(store, control)
                        .toString().contains("\"needs-fsck\""));
                JsonNode flag = firstDeviceFlags(store, control).get(0);
                assertTrue(flag.path("text").asText().startsWith(IQN + " lun 1 since ") && flag.path("text").asText()
                        .contains("(replacement timeout expired, ") && flag.path("text").asText().contains(" on " + device),
                        flag.toString());

                // a clean read-only check by the daemon clears it
                CliRun fsck = CliRun.of(store, "fsck", device, "--control", control.toString());
                assertEquals(0, fsck.status(), fsck.out() + fsck.err() + "\n" + Text.tailOfFile(err, 40));
                assertTrue(fsck.out().contains("read-only check: e2fsck -n -f " + device), fsck.out());
                assertTrue(fsck.out().contains(device + ": clean (e2fsck exit 0)"), fsck.out());
                assertTrue(fsck.out().contains("'needs fsck' flag of " + IQN + " lun 1 cleared"), fsck.out());
                assertTrue(fsck.out().contains("(lunbridge daemon " + daemon.pid() + ": read-only check of " + device
                        + ": exit 0)"), fsck.out());
                assertTrue(Files.readString(err).contains("fsck of " + device + " (read-only check of " + device
                        + "): exit 0"), "the daemon ran it: " + Text.tailOfFile(err, 40));
                assertTrue(firstDeviceFlags(store, control).isEmpty(), "cleared in the daemon's status");
                CliRun cleared = CliRun.of(store, "status", "--control", control.toString(), "--json");
                assertTrue(JSON.readTree(cleared.out()).path("needsFsck").isEmpty(), cleared.out());

                CliRun logout = CliRun.of("logout", IQN, "--control", control.toString());
                assertEquals(0, logout.status(), logout.err() + "\n" + Text.tailOfFile(err, 40));
                assertTrue(logout.out().contains("logged out of " + IQN), logout.out());
                assertFalse(boundToUs(dev, mounts), "loop device detached");
                Await.until("tgtd shows no session", WAIT, () -> tgtd.connectionCount(1) == 0);
                CliRun after = CliRun.of("status", "--control", control.toString());
                assertFalse(after.out().contains(IQN), after.out());

                // a daemon device is detached by 'lunbridge detach DEVICE' (found in the lock records), not refused
                CliRun again = CliRun.of("login", IQN, "--control", control.toString());
                assertEquals(0, again.status(), again.err());
                Matcher m2 = LOGGED_IN.matcher(again.out());
                assertTrue(m2.find(), again.out());
                device = m2.group(1);
                String dev2 = device;
                CliRun detach = CliRun.of("detach", device);
                assertEquals(0, detach.status(), detach.err());
                assertTrue(detach.out().contains("logged out of " + IQN), detach.out());
                assertFalse(boundToUs(dev2, mounts), "loop device detached");
                Await.until("tgtd shows no session after detach", WAIT, () -> tgtd.connectionCount(1) == 0);

                daemon.destroy();
                assertTrue(ProcessRunner.awaitExit(daemon, WAIT), "the daemon exits after SIGTERM");
                assertEquals(0, daemon.exitValue(), Text.tailOfFile(err, 40));
                assertFalse(Files.exists(control), "the control socket is removed at exit");
            } finally {
                ns.linkUp();
                cleanUp(daemon, device, mnt, mounts);
            }
        }
    }

    private static final String TWO = "iqn.2026-12.io.lunbridge.it:daemon-two-luns";
    private static final String UNSTORED = "iqn.2026-12.io.lunbridge.it:daemon-unstored";
    private static final String UNLISTED = "iqn.2026-12.io.lunbridge.it:daemon-nowhere";

    @Test
    void detachOfOneLunKeepsTheSessionAndLoginThroughAPortalNeedsNoStore() throws Exception {
        NetworkNamespace ns = hosts.namespace();
        TgtdTarget tgtd = hosts.tgtd(ns);
        tgtd.addTarget(2, TWO);
        tgtd.addLun(2, 1, 16L << 20);
        tgtd.addLun(2, 2, 16L << 20);
        tgtd.bindAll(2);
        tgtd.addTarget(3, UNSTORED);
        tgtd.addLun(3, 1, 8L << 20);
        tgtd.bindAll(3);
        List<String> store = List.of("--store", tmp.resolve("store.db").toString());
        CliRun add = CliRun.of(store, "target", "add", TWO, "--portal", ns.peerAddress());
        assertEquals(0, add.status(), add.err());

        Path control = tmp.resolve("daemon.sock");
        Path mounts = tmp.resolve("fuse");
        Path out = WorkDirs.newLogFile("daemon-lun-out");
        Path err = WorkDirs.newLogFile("daemon-lun-err");
        List<String> devices = new java.util.ArrayList<>();
        Process daemon = ProcessRunner.start(daemonCommand(control, mounts, null), out, err);
        try {
            Await.until("the daemon answers on its control socket", WAIT, () -> {
                if (!daemon.isAlive()) {
                    throw new HarnessException("the daemon exited with " + daemon.exitValue() + "\n"
                            + Text.tailOfFile(err, 40));
                }
                return CliRun.of("status", "--control", control.toString()).out().contains("state READY");
            });
            CliRun login = CliRun.of("login", TWO, "--control", control.toString());
            assertEquals(0, login.status(), login.err() + "\n" + Text.tailOfFile(err, 40));
            Matcher m = Pattern.compile("target " + Pattern.quote(TWO) + " logged in: (/dev/loop\\d+), (/dev/loop\\d+)")
                    .matcher(login.out());
            assertTrue(m.find(), login.out());
            String lun1 = m.group(1);
            String lun2 = m.group(2);
            devices.addAll(List.of(lun1, lun2));
            assertTrue(ProcessRunner.run("losetup", lun2).stdout().contains(mounts.resolve(TWO).resolve("lun2").toString()),
                    "the second device is LUN 2's");

            CliRun detach = CliRun.of("detach", lun2);
            assertEquals(0, detach.status(), detach.err() + "\n" + Text.tailOfFile(err, 40));
            assertTrue(detach.out().contains(lun2 + " detached") && detach.out().contains(TWO + " stays logged in with "
                    + lun1), detach.out());
            assertFalse(boundToUs(lun2, mounts), "LUN 2's loop device is gone");
            assertTrue(boundToUs(lun1, mounts), "LUN 1's loop device stays");
            assertEquals(1, tgtd.connectionCount(2), "tgtd still shows the session");

            Path data = tmp.resolve("data");
            ProcessRunner.run("dd", "if=/dev/urandom", "of=" + data, "bs=1M", "count=2", "status=none");
            ProcessRunner.run("dd", "if=" + data, "of=" + lun1, "bs=1M", "oflag=direct", "conv=fsync", "status=none");
            Path back = tmp.resolve("back");
            ProcessRunner.run("dd", "if=" + lun1, "of=" + back, "bs=1M", "count=2", "iflag=direct", "status=none");
            assertTrue(java.util.Arrays.equals(Files.readAllBytes(data), Files.readAllBytes(back)),
                    "LUN 1 still writes and reads back after LUN 2 was detached");
            assertTrue(java.util.Arrays.equals(Files.readAllBytes(data), java.util.Arrays.copyOf(Files.readAllBytes(
                    tgtd.lunBackingFile(2, 1)), 2 << 20)), "what LUN 1 wrote is in tgtd's backing file");
            CliRun text = CliRun.of("status", "--control", control.toString());
            assertTrue(text.out().contains("device " + lun1) && !text.out().contains("device " + lun2), text.out());

            CliRun badSyntax = CliRun.of("login", UNSTORED, "--portal", "host:port", "--control", control.toString());
            assertEquals(1, badSyntax.status(), badSyntax.out());
            assertTrue(badSyntax.err().contains("--portal 'host:port'"), badSyntax.err());
            CliRun closed = CliRun.of("login", UNSTORED, "--portal", ns.peerAddress() + ":3999", "--control",
                    control.toString());
            assertEquals(1, closed.status(), closed.out());
            assertTrue(closed.err().contains("portal " + ns.peerAddress() + ":3999 (for " + UNSTORED
                    + "): SendTargets failed"), closed.err());
            CliRun unlisted = CliRun.of("login", UNLISTED, "--portal", ns.peerAddress(), "--control", control.toString());
            assertEquals(1, unlisted.status(), unlisted.out());
            assertTrue(unlisted.err().contains("portal " + ns.peerAddress() + ":3260 does not list target " + UNLISTED
                    + " in its SendTargets answer"), unlisted.err());
            CliRun refused = CliRun.of("login", UNSTORED, "--control", control.toString());
            assertEquals(1, refused.status(), refused.out());
            assertTrue(refused.err().contains("lunbridge login " + UNSTORED + " --portal HOST[:PORT]"), refused.err());

            CliRun portal = CliRun.of("login", UNSTORED, "--portal", ns.peerAddress(), "--control", control.toString());
            assertEquals(0, portal.status(), portal.err() + "\n" + Text.tailOfFile(err, 40));
            Matcher p = Pattern.compile("target " + Pattern.quote(UNSTORED) + " logged in through " + Pattern.quote(
                    ns.peerAddress()) + ":3260 \\(not in the store[^)]*\\): (/dev/loop\\d+)").matcher(portal.out());
            assertTrue(p.find(), portal.out());
            devices.add(p.group(1));
            assertEquals(String.valueOf(8L << 20), ProcessRunner.run("blockdev", "--getsize64", p.group(1)).stdout().trim());
            Await.until("tgtd shows the unstored target's session", WAIT, () -> tgtd.connectionCount(3) == 1);
            CliRun status = CliRun.of("status", "--control", control.toString());
            assertTrue(status.out().contains("target " + UNSTORED) && status.out().contains(
                    "(attached on request through its portal, not in the store)"), status.out());
            CliRun list = CliRun.of(store, "target", "list");
            assertEquals(0, list.status(), list.err());
            assertTrue(list.out().contains(TWO) && !list.out().contains(UNSTORED), "the store is unchanged: " + list.out());

            daemon.destroy();
            assertTrue(ProcessRunner.awaitExit(daemon, WAIT), "the daemon exits after SIGTERM");
            assertEquals(0, daemon.exitValue(), Text.tailOfFile(err, 40));
            Await.until("tgtd shows no session after the stop", WAIT,
                    () -> tgtd.connectionCount(2) == 0 && tgtd.connectionCount(3) == 0);
        } finally {
            boolean killed = daemon.isAlive() && !ProcessRunner.stop(daemon, Duration.ofSeconds(30));
            for (String iqn : List.of(TWO, UNSTORED)) {
                ProcessRunner.runAllowingFailure(Command.of("umount", "-l", mounts.resolve(iqn).toString()),
                        Duration.ofSeconds(20));
            }
            for (String device : devices) {
                if (ProcessRunner.runAllowingFailure(Command.of("losetup", device), Duration.ofSeconds(10)).stdout()
                        .contains(mounts.toString())) {
                    ProcessRunner.runAllowingFailure(Command.of("losetup", "-d", device), Duration.ofSeconds(20));
                }
            }
            if (killed) {
                CliRun.of("detach", "--target", TWO, "--lun", "1");
                CliRun.of("detach", "--target", UNSTORED, "--lun", "1");
            }
        }
    }

    /**
     * Whether {@code device} is bound to a file under this test's FUSE mounts: a loop device the
     * daemon freed may be taken at once by another process on this shared host, so "not in losetup
     * -a" would be a race; "not bound to our file" is what the detach means.
     */
    private static boolean boundToUs(String device, Path mounts) {
        return ProcessRunner.runAllowingFailure(Command.of("losetup", device), Duration.ofSeconds(10)).stdout()
                .contains(mounts.toString());
    }

    private Command daemonCommand(Path control, Path mounts, Path notify) {
        Command c = Command.of("java", "-Xmx256m", "-Dlunbridge.log.level=INFO", "-jar", JAR.toString(), "daemon",
                "--mode", "fuse-loop", "--store", tmp.resolve("store.db").toString(), "--control", control.toString(), "--mount-dir",
                mounts.toString(), "--config-dir", tmp.resolve("etc").toString(), "--replacement-timeout", "3")
                .env("LVM_SYSTEM_DIR", tmp.resolve("lvm").toString());
        return notify == null ? c : c.env("NOTIFY_SOCKET", notify.toString());
    }

    /** An lvm.conf under which lvm sees no device at all: the daemon's pvs finds nothing, nothing is touched. */
    private static final String LVM_HIDING_EVERYTHING = """
            devices {
                use_devicesfile = 0
                obtain_device_list_from_udev = 0
                external_device_info_source = "none"
                filter = [ "r|.*|" ]
                global_filter = [ "r|.*|" ]
            }
            global {
                event_activation = 0
            }
            backup {
                backup = 0
                archive = 0
            }
            """;

    /** The flags of the first device in the daemon's status entry (what the daemon itself answers). */
    private static JsonNode firstDeviceFlags(List<String> store, Path control) {
        CliRun json = CliRun.of(store, "status", "--control", control.toString(), "--json");
        try {
            return JSON.readTree(json.out()).path("processes").path(0).path("devices").path(0).path("flags");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("status --json: " + json.out() + json.err(), e);
        }
    }

    /** Pulls the link, reads directly from the device until EIO, puts the link back and waits for a good read. */
    private static void ioFailureEpisode(NetworkNamespace ns, String device) {
        ns.linkDown();
        try {
            ProcessResult read = ProcessRunner.runAllowingFailure(Command.of("dd", "if=" + device, "of=/dev/null",
                    "bs=4096", "count=1", "skip=100", "iflag=direct"), Duration.ofSeconds(90));
            assertFalse(read.succeeded(), "the read fails once the replacement timeout expired: " + read.describe());
            assertTrue(read.stderr().contains("Input/output error"), read.describe());
        } finally {
            ns.linkUp();
        }
        Await.until("a direct read of " + device + " works again", WAIT, () -> ProcessRunner.runAllowingFailure(
                Command.of("dd", "if=" + device, "of=/dev/null", "bs=4096", "count=1", "iflag=direct"),
                Duration.ofSeconds(30)).succeeded());
    }

    /** Whatever happened: unmounted, the daemon gone (by its PID), its FUSE mount and loop device released. */
    private static void cleanUp(Process daemon, String device, Path mnt, Path mounts) {
        ProcessRunner.runAllowingFailure(Command.of("umount", mnt.toString()), Duration.ofSeconds(20));
        boolean killed = daemon.isAlive() && !ProcessRunner.stop(daemon, Duration.ofSeconds(30));
        ProcessRunner.runAllowingFailure(Command.of("umount", "-l", mounts.resolve(IQN).toString()), Duration.ofSeconds(20));
        if (device != null && ProcessRunner.runAllowingFailure(Command.of("losetup", device), Duration.ofSeconds(10))
                .stdout().contains(mounts.toString())) {
            ProcessRunner.runAllowingFailure(Command.of("losetup", "-d", device), Duration.ofSeconds(20));
        }
        if (killed) {
            CliRun.of("detach", "--target", IQN, "--lun", "1"); // clears the killed daemon's claim record
        }
    }
}
