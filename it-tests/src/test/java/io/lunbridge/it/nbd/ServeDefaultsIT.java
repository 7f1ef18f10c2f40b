package io.lunbridge.it.nbd;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lunbridge.it.harness.Await;
import io.lunbridge.it.harness.Command;
import io.lunbridge.it.harness.HarnessException;
import io.lunbridge.it.harness.NetworkNamespace;
import io.lunbridge.it.harness.ProcessRunner;
import io.lunbridge.it.harness.TargetHostExtension;
import io.lunbridge.it.harness.Text;
import io.lunbridge.it.harness.TgtdTarget;
import io.lunbridge.it.harness.WorkDirs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code serve} without --nbd and without --portal: the socket goes to nbd.socket-dir as
 * TARGET.sock, and the portal comes from discovery.policy (here a targets file).
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class ServeDefaultsIT {
    private static final String IQN = "iqn.2026-11.io.lunbridge.it:serve-defaults";

    @RegisterExtension
    final TargetHostExtension hosts = new TargetHostExtension();

    @TempDir
    Path tmp;

    @Test
    void servesOnTheDefaultSocketAtThePortalTheTargetsFileGives() throws Exception {
        NetworkNamespace ns = hosts.namespace();
        TgtdTarget tgtd = hosts.tgtd(ns);
        tgtd.addTarget(1, IQN);
        tgtd.addLun(1, 1, 8L << 20);
        tgtd.bindAll(1);
        Path etc = Files.createDirectories(tmp.resolve("etc"));
        Path sockets = tmp.resolve("run");
        Files.writeString(etc.resolve("targets"), ns.peerAddress() + " 3260 " + IQN + "\n");
        Files.writeString(etc.resolve("lunbridge.conf"), "discovery.policy = file\ndiscovery.targets-file = "
                + etc.resolve("targets") + "\nnbd.socket-dir = " + sockets + "\n");
        Path jar = Path.of(System.getProperty("lunbridge.jar", "../packaging/target/lunbridge.jar")).toAbsolutePath();
        Path out = WorkDirs.newLogFile("serve-defaults-out");
        Path err = WorkDirs.newLogFile("serve-defaults-err");
        Process serve = ProcessRunner.start(Command.of("java", "-Xmx256m", "-jar", jar.toString(), "serve", "--target", IQN,
                "--config-dir", etc.toString()), out, err);
        Path socket = sockets.resolve(IQN + ".sock");
        try {
            Await.until("serve listens on " + socket, Duration.ofSeconds(60), () -> {
                if (!serve.isAlive()) {
                    throw new HarnessException("serve exited with " + serve.exitValue() + "\n" + Text.tailOfFile(err, 30));
                }
                return Text.tailOfFile(out, 20).contains("listening on unix:" + socket);
            });
            String list = ProcessRunner.run("nbdinfo", "--list", "nbd+unix:///?socket=" + socket).stdout();
            assertTrue(list.contains(IQN + "/lun1"), list);
        } finally {
            if (!ProcessRunner.stop(serve, Duration.ofSeconds(30))) {
                ProcessRunner.kill(serve);
            }
        }
    }
}
