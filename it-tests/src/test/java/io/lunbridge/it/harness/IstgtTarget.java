package io.lunbridge.it.harness;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * istgt (the FreeBSD-born iSCSI target) running in the foreground ({@code -D}) inside a
 * {@link NetworkNamespace}, configured from an {@link IstgtConfig}.
 *
 * <p>Why: a second, independent target implementation with different negotiation habits and a
 * richer VPD page 0x83. Its data LUNs start at <b>0</b>. Files (config, auth file with secrets,
 * LUN backing files) live in a private tmpfs directory removed on close; the daemon's output is
 * kept in a log file. The PID is the one of the started process ({@code ip netns exec} execs istgt
 * in place). {@link #close()} sends SIGTERM, waits with a deadline, then SIGKILLs that PID.
 *
 * <p>Known peer quirk: libiscsi 1.19 hangs after SendTargets against istgt, so {@code iscsi-ls}
 * is unusable against it; tests address LUNs directly by IQN.
 */
public final class IstgtTarget implements AutoCloseable {

    /** The iSCSI port istgt listens on (on the namespace address only). */
    public static final int PORT = 3260;

    private static final Logger LOG = LogManager.getLogger(IstgtTarget.class);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(20);
    private static final Duration STOP_GRACE = Duration.ofSeconds(10);
    private static final int LOG_TAIL_LINES = 30;

    private final NetworkNamespace namespace;
    private final IstgtConfig config;
    private final Path workDir;
    private final Path logFile;
    private final Process process;
    private final AtomicBoolean closed = new AtomicBoolean();

    private IstgtTarget(NetworkNamespace namespace, IstgtConfig config, Path workDir, Path logFile, Process process) {
        this.namespace = namespace;
        this.config = config;
        this.workDir = workDir;
        this.logFile = logFile;
        this.process = process;
    }

    /**
     * Writes the configuration and backing files, starts {@code istgt -c CONF -D} in
     * {@code namespace} and waits until it listens.
     *
     * @throws HarnessException when it does not come up in time (files and process are cleaned up)
     */
    public static IstgtTarget start(NetworkNamespace namespace, IstgtConfig config) {
        Path workDir = WorkDirs.newTmpfsDir("lbit-istgt");
        Path conf = workDir.resolve("istgt.conf");
        try {
            writeFiles(config, workDir, conf, namespace.peerAddress());
        } catch (RuntimeException e) {
            WorkDirs.deleteRecursively(workDir);
            throw e;
        }
        Path logFile = WorkDirs.newLogFile("istgt-" + namespace.name());
        Process process = ProcessRunner.start(namespace.command("istgt", "-c", conf.toString(), "-D"), logFile, logFile);
        IstgtTarget target = new IstgtTarget(namespace, config, workDir, logFile, process);
        try {
            target.waitListening();
        } catch (RuntimeException e) {
            try {
                target.close();
            } catch (RuntimeException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
        LOG.info("istgt pid {} listening on {}:{} (log {})", process.pid(), namespace.peerAddress(), PORT, logFile);
        return target;
    }

    private static void writeFiles(IstgtConfig config, Path workDir, Path conf, String portalAddress) {
        try {
            for (int lu = 0; lu < config.logicalUnits().size(); lu++) {
                var sizes = config.logicalUnits().get(lu).lunSizes();
                for (int lun = 0; lun < sizes.size(); lun++) {
                    try (RandomAccessFile raf = new RandomAccessFile(
                            IstgtConfig.backingFile(workDir, lu, lun).toFile(), "rw")) {
                        raf.setLength(sizes.get(lun));
                    }
                }
            }
            Path auth = workDir.resolve("auth.conf");
            Files.createFile(auth, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(auth, config.renderAuth(), StandardCharsets.UTF_8);
            Files.writeString(conf, config.render(workDir, portalAddress), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new HarnessException("cannot write istgt files under " + workDir + ": " + e.getMessage(), e);
        }
    }

    /**
     * Waits until istgt listens on its portal and on the unit-control port in its namespace.
     *
     * @throws HarnessException when the process exits or the deadline passes first, with the log tail
     */
    public void waitListening() {
        Await.until("istgt (pid " + process.pid() + ") listens on " + portal(), START_TIMEOUT, () -> {
            if (!process.isAlive()) {
                throw new HarnessException("istgt (pid " + process.pid() + ") exited with " + process.exitValue()
                        + " before listening\n" + logTail(LOG_TAIL_LINES));
            }
            return SocketStats.isListening(namespace, PORT)
                    && SocketStats.isListening(namespace, IstgtConfig.UNIT_CONTROL_PORT);
        }, () -> logTail(LOG_TAIL_LINES));
    }

    /** Number of established iSCSI TCP connections to the portal, as {@code ss} in the namespace sees them. */
    public int connectionCount() {
        return SocketStats.establishedOnLocalPort(namespace, PORT);
    }

    /** The configuration this target serves. */
    public IstgtConfig config() {
        return config;
    }

    /** The IQN of logical unit {@code luIndex} (0-based, in builder order). */
    public String iqn(int luIndex) {
        return config.iqn(config.logicalUnits().get(luIndex));
    }

    /** The backing file of LUN {@code lun} of logical unit {@code luIndex} (0-based). */
    public Path lunBackingFile(int luIndex, int lun) {
        if (luIndex < 0 || luIndex >= config.logicalUnits().size()
                || lun < 0 || lun >= config.logicalUnits().get(luIndex).lunSizes().size()) {
            throw new IllegalArgumentException("no LUN " + lun + " in logical unit " + luIndex + " of " + config);
        }
        return IstgtConfig.backingFile(workDir, luIndex, lun);
    }

    /** The namespace the daemon runs in. */
    public NetworkNamespace namespace() {
        return namespace;
    }

    /** The portal initiators connect to, {@code ADDR:3260}. */
    public String portal() {
        return namespace.peerAddress() + ":" + PORT;
    }

    /** The PID of the istgt process. */
    public long pid() {
        return process.pid();
    }

    /** True while the istgt process runs. */
    public boolean isAlive() {
        return process.isAlive();
    }

    /** SIGKILLs istgt (crash tests); {@link #close()} still cleans up afterwards. */
    public void kill() {
        ProcessRunner.kill(process);
    }

    /** istgt's log file (stdout and stderr), kept after close. */
    public Path logFile() {
        return logFile;
    }

    /** The last {@code lines} lines of istgt's log, for failure messages. */
    public String logTail(int lines) {
        return "--- istgt log " + logFile + " (tail) ---\n" + Text.tailOfFile(logFile, lines);
    }

    /**
     * SIGTERM, wait up to 10 s, SIGKILL; then removes config, auth and backing files. Idempotent.
     *
     * @throws HarnessException when the process survives SIGKILL
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        boolean stopped = ProcessRunner.stop(process, STOP_GRACE);
        WorkDirs.deleteRecursively(workDir);
        if (!stopped) {
            throw new HarnessException("istgt pid " + process.pid() + " survived SIGKILL\n" + logTail(LOG_TAIL_LINES));
        }
        LOG.info("istgt pid {} stopped", process.pid());
    }

    @Override
    public String toString() {
        return "IstgtTarget[pid " + process.pid() + " in " + namespace.name() + " at " + portal() + "]";
    }
}
