package io.lunbridge.app.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lunbridge.app.PortalAddress;
import io.lunbridge.app.control.ControlReply;
import io.lunbridge.app.control.ControlRequest;
import io.lunbridge.app.store.StoredTarget;
import io.lunbridge.app.store.Startup;
import io.lunbridge.mpio.MultipathDevice;
import io.lunbridge.protocol.naming.IscsiName;
import io.lunbridge.protocol.testing.Await;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code login IQN portal HOST[:PORT] ...} on the daemon: a target that is not in the store is logged
 * in through that portal (with the CHAP read from the named files) and attached on request, never
 * stored: status says so, a reload leaves it alone; without a portal it stays refused, naming both
 * ways out; the words after the target are checked, naming the bad one.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DaemonPortalLoginTest {
    private static final String IQN = "iqn.2026-12.io.lunbridge.test:new";

    @TempDir
    Path tmp;

    final List<String> log = new CopyOnWriteArrayList<>();
    final ExecutorService thread = Executors.newSingleThreadExecutor();
    final AtomicInteger reads = new AtomicInteger();

    /** Records how each target was attached: through the discovery policy, or through a given portal. */
    final TargetAttacher attacher = new TargetAttacher() {
        @Override
        public AttachedTarget attach(StoredTarget target) {
            log.add("attach " + DaemonTest.suffix(target));
            return new One(target);
        }

        @Override
        public AttachedTarget attach(StoredTarget target, PortalLogin through) {
            log.add("attach " + DaemonTest.suffix(target) + " through " + through.text()
                    + through.chap().map(c -> " chap " + c.name()).orElse(""));
            return new One(target);
        }
    };

    record One(StoredTarget stored) implements AttachedTarget {
        @Override
        public List<Path> devices() {
            return List.of(Path.of("/dev/loop-" + DaemonTest.suffix(stored)));
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
        public List<io.lunbridge.mpio.DeviceStatus> snapshot() {
            return List.of();
        }

        @Override
        public List<String> detach(boolean force) {
            return List.of("logged out of " + stored.name());
        }
    }

    @AfterEach
    void stop() {
        thread.shutdownNow();
    }

    private Daemon start() {
        StoredTarget a = ReloadPlanTest.target("a", "all");
        Daemon d = new Daemon(() -> {
            reads.incrementAndGet();
            return List.of(a);
        }, n -> n.equals(a.name()) ? Optional.of(a) : Optional.empty(), attacher, SdNotify.fromEnvironment(Map.of(), 1),
                Duration.ofSeconds(5));
        thread.submit(d::run);
        Await.until("state READY", () -> d.state() == Daemon.State.READY);
        return d;
    }

    private static ControlReply send(Daemon d, String line) {
        Map<String, Function<ControlRequest, ControlReply>> verbs = DaemonVerbs.of(d);
        ControlRequest r = ControlRequest.parse(line);
        return verbs.get(r.verb()).apply(r);
    }

    @Test
    void anUnstoredTargetIsLoggedInThroughItsPortalOnRequestAndNeverStored() throws Exception {
        Daemon d = start();
        ControlReply refused = send(d, "login " + IQN);
        assertEquals(ControlReply.refused("target " + IQN + " is not in the daemon's store: add it first ('lunbridge "
                + "target add " + IQN + " --portal HOST' or 'lunbridge discover --add'), or log in through its portal "
                + "without storing it ('lunbridge login " + IQN + " --portal HOST[:PORT]')"), refused);

        Path secret = secret();
        ControlReply ok = send(d, "login " + IQN + " portal 198.18.0.2:3261 chap-name alice chap-secret-file " + secret);
        assertEquals(ControlReply.ok("target " + IQN + " logged in through 198.18.0.2:3261 (not in the store: not logged "
                + "in again at boot, reloads leave it alone): /dev/loop-new"), ok);
        assertEquals(List.of("attach a", "attach new through 198.18.0.2:3261 chap alice"), log);
        IscsiName name = IscsiName.parse(IQN);
        assertTrue(d.attachedUnstored(name));
        assertTrue(d.attachedOnRequest(name));
        StoredTarget record = d.target(name).orElseThrow().stored();
        assertEquals(Startup.MANUAL, record.startup().startup());
        assertEquals(Optional.empty(), record.chap(), "the record the daemon made keeps no secret");

        DaemonStatus noDetail = new DaemonStatus(new io.lunbridge.app.lifecycle.DeviceUsage(tmp, tmp, 1),
                () -> io.lunbridge.app.lifecycle.MountTable.parse(""), () -> io.lunbridge.app.status.VolumeGroups.parse(""),
                io.lunbridge.app.status.StatusFlags.NONE);
        List<String> text = DaemonVerbs.status(d, noDetail, new ControlRequest("status", List.of())).data();
        assertTrue(text.contains("startup: manual  luns: all (attached on request through its portal, not in the store)"),
                text.toString());
        String json = DaemonVerbs.status(d, noDetail, new ControlRequest("status", List.of("json"))).data().get(0);
        assertTrue(json.contains("\"origin\":\"unstored\""), json);

        int before = reads.get();
        d.signal("SIGHUP");
        Await.until("the store re-read", () -> reads.get() > before);
        assertEquals(ControlReply.Status.REFUSED, send(d, "login " + IQN + " portal 198.18.0.2").status(),
                "still logged in after the reload (and a second login refused)");
        assertEquals(List.of("attach a", "attach new through 198.18.0.2:3261 chap alice"), log,
                "the reload did not touch the unstored target");

        assertEquals(ControlReply.Status.OK, send(d, "logout " + IQN).status());
        assertTrue(!d.attachedUnstored(name), "forgotten with the logout");
    }

    @Test
    void aStoredTargetLoggedInThroughAPortalIsOnRequestAndStoredStill() {
        Daemon d = start();
        String a = ReloadPlanTest.target("a", "all").name().value();
        assertEquals(ControlReply.Status.OK, send(d, "logout " + a).status());
        assertEquals(ControlReply.Status.OK, send(d, "login " + a + " portal 198.18.0.3").status());
        assertEquals(List.of("attach a", "attach a through 198.18.0.3:3260"), log);
        assertTrue(!d.attachedUnstored(IscsiName.parse(a)));
        assertTrue(d.attachedOnRequest(IscsiName.parse(a)), "its portal was the request's: reloads leave it alone");
    }

    @Test
    void theWordsAfterTheTargetAreCheckedNamingTheBadOne() throws Exception {
        Path secret = secret();
        IscsiName n = IscsiName.parse(IQN);
        DaemonRequest.Login l = (DaemonRequest.Login) DaemonRequest.parse(ControlRequest.parse("login " + IQN
                + " portal [fd00::5]:3262 chap-secret-file " + secret));
        assertEquals(n, l.target());
        assertEquals(new PortalAddress("fd00::5", 3262), l.portal().orElseThrow().portal());
        assertTrue(l.portal().get().chap().isPresent());
        assertTrue(!l.portal().get().toString().contains("0123456789abcdef"), "the secret is redacted");

        assertEquals("login: --portal 'host:port': port 'port' is not a number", error("login " + IQN + " portal host:port"),
                "bad portal syntax named");
        assertEquals("login: chap-secret-file 'secret': expected an absolute path (the daemon reads it, from its own "
                + "working directory)", error("login " + IQN + " portal h chap-secret-file secret"));
        assertTrue(error("login " + IQN + " portal h chap-secret-file " + tmp.resolve("none")).startsWith(
                "login: chap-secret-file " + tmp.resolve("none") + ": "));
        assertEquals("login: chap-name, target-chap-name and target-chap-secret-file need chap-secret-file",
                error("login " + IQN + " portal h chap-name alice"));
        assertEquals("login: unknown option 'chap-secret' (expected one of portal, chap-name, chap-secret-file, "
                + "target-chap-name, target-chap-secret-file)", error("login " + IQN + " portal h chap-secret x"));
        assertEquals("login: 'portal' given twice", error("login " + IQN + " portal h portal g"));
        assertEquals("login: 'chap-name' needs a value", error("login " + IQN + " portal h chap-name"));
    }

    @Test
    void mutualChapWithTheSameSecretInBothFilesNamesTheFiles() throws Exception {
        Path secret = secret();
        Path same = Files.writeString(tmp.resolve("same"), "0123456789abcdef\n");
        Files.setPosixFilePermissions(same, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        String e = error("login " + IQN + " portal h chap-secret-file " + secret + " target-chap-secret-file " + same);
        assertTrue(e.startsWith("login: chap-secret-file " + secret + ", target-chap-secret-file " + same
                + ": mutual CHAP needs two different secrets"), e);
        assertTrue(!e.contains("0123456789abcdef"), "no secret in the error: " + e);
    }

    @Test
    void aPortalThatDoesNotListTheTargetIsRefusedNamingBoth() {
        PortalLogin p = new PortalLogin(new PortalAddress("198.18.0.2", 3260), Optional.empty());
        p.checkListed(IscsiName.parse(IQN), List.of("iqn.2026-12.io.lunbridge.test:other", IQN));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> p.checkListed(IscsiName.parse(IQN), List.of("iqn.2026-12.io.lunbridge.test:other")));
        assertEquals("portal 198.18.0.2:3260 does not list target " + IQN + " in its SendTargets answer (it lists: "
                + "iqn.2026-12.io.lunbridge.test:other)", e.getMessage());
        assertEquals("portal 198.18.0.2:3260 does not list target " + IQN + " in its SendTargets answer (it lists no "
                + "target)", assertThrows(IllegalArgumentException.class,
                () -> p.checkListed(IscsiName.parse(IQN), List.of())).getMessage());
    }

    /** A secret file only its owner reads, as Secret.fromFile demands. */
    private Path secret() throws java.io.IOException {
        Path secret = Files.writeString(tmp.resolve("secret"), "0123456789abcdef\n");
        Files.setPosixFilePermissions(secret, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        return secret;
    }

    private static String error(String line) {
        return assertThrows(IllegalArgumentException.class, () -> DaemonRequest.parse(ControlRequest.parse(line)))
                .getMessage();
    }
}
