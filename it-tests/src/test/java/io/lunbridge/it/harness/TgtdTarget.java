package io.lunbridge.it.harness;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * A real Linux SCSI target daemon ({@code tgtd}) running in the foreground inside a
 * {@link NetworkNamespace}, configured through {@code tgtadm}.
 *
 * <p>Why: the project's initiator must be tested against a real target. tgtd uses a private
 * control socket ({@code TGT_IPC_SOCKET}) under a tmpfs work directory, so it never talks to a
 * system tgtd; {@code tgtadm} runs from the root namespace with the same variable. The PID is the
 * one of the started process ({@code ip netns exec} execs tgtd in place). LUN backing files are
 * sparse files on tmpfs, so tests can compare what they wrote through iSCSI with
 * {@link #lunBackingFile(int, int)}. tgtd always adds LUN 0 as a controller: data LUNs start at 1.
 *
 * <p>{@link #close()} deletes the targets (tgtd ignores SIGTERM while targets exist), asks the
 * daemon to exit, waits with a deadline, SIGKILLs the recorded PID if it is still alive and
 * removes the work directory. The log (tgtd's stderr) is kept; see {@link #logTail(int)}.
 *
 * <p>tgtd listens on every address of its namespace (no portal option given), so a namespace with
 * several {@link Link}s offers one portal per link ({@link #portals()}). {@link #kill()} and
 * {@link #restart()} simulate a target crash and reboot from the same backing files.
 */
public final class TgtdTarget implements AutoCloseable {

    /** The iSCSI port tgtd listens on inside its namespace. */
    public static final int PORT = 3260;

    /** Target parameters {@link #setParam(int, String, String)} accepts. */
    public static final Set<String> SETTABLE_PARAMS = Set.of("HeaderDigest", "DataDigest",
            "MaxRecvDataSegmentLength", "InitialR2T", "ImmediateData", "FirstBurstLength", "MaxBurstLength",
            "MaxOutstandingR2T", "RedirectAddress", "RedirectPort", "RedirectReason");

    private static final Logger LOG = LogManager.getLogger(TgtdTarget.class);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(20);
    private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(30);
    private static final Pattern TARGET_LINE = Pattern.compile("^Target (\\d+): (\\S+)\\s*$");
    private static final Pattern CONNECTION_LINE = Pattern.compile("^\\s+Connection: \\d+\\s*$");
    private static final int LOG_TAIL_LINES = 30;

    private final NetworkNamespace namespace;
    private final Path workDir;
    private final Path ipcSocket;
    private final Path logFile;
    private volatile Process process;
    /** Every configuration command in order, replayed by {@link #restart()}. */
    private final List<Command> configuration = new ArrayList<>();
    private final Set<Integer> targets = new LinkedHashSet<>();
    private final Map<String, Path> backingFiles = new LinkedHashMap<>();
    private final AtomicBoolean closed = new AtomicBoolean();

    private TgtdTarget(NetworkNamespace namespace, Path workDir, Path logFile, Process process) {
        this.namespace = namespace;
        this.workDir = workDir;
        this.ipcSocket = workDir.resolve("mgmt");
        this.logFile = logFile;
        this.process = process;
    }

    /**
     * Starts {@code tgtd -f} in {@code namespace} and waits until it listens on port 3260.
     *
     * @throws HarnessException when it does not come up in time (the process is stopped again)
     */
    public static TgtdTarget start(NetworkNamespace namespace) {
        Path workDir = WorkDirs.newTmpfsDir("lbit-tgtd");
        Path logFile = WorkDirs.newLogFile("tgtd-" + namespace.name());
        Process process = launch(namespace, workDir, logFile);
        TgtdTarget target = new TgtdTarget(namespace, workDir, logFile, process);
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
        LOG.info("tgtd pid {} listening on {}:{} (log {})", process.pid(), namespace.peerAddress(), PORT, logFile);
        return target;
    }

    private static Process launch(NetworkNamespace namespace, Path workDir, Path logFile) {
        Command command = namespace.command("tgtd", "-f").env("TGT_IPC_SOCKET", workDir.resolve("mgmt").toString());
        return ProcessRunner.start(command, logFile, logFile);
    }

    /**
     * Starts tgtd again after {@link #kill()}, in the same namespace, with the same control socket
     * and the same LUN backing files, and replays every configuration command made so far (targets,
     * LUNs, ACLs, CHAP accounts and their changes, parameters) in order: the target comes back as
     * initiators knew it, with the data the killed daemon had written to its files.
     *
     * @throws IllegalStateException when tgtd still runs
     * @throws HarnessException      when it does not come up or a command fails
     */
    public void restart() {
        if (closed.get()) {
            throw new IllegalStateException("tgtd in " + namespace.name() + " was closed");
        }
        if (process.isAlive()) {
            throw new IllegalStateException("tgtd pid " + process.pid() + " still runs: kill() it first");
        }
        long old = process.pid();
        process = launch(namespace, workDir, logFile);
        waitListening();
        List<Command> replay;
        synchronized (configuration) {
            replay = List.copyOf(configuration);
        }
        for (Command command : replay) {
            admin(command);
        }
        LOG.info("tgtd restarted as pid {} (was {}), {} configuration commands replayed", process.pid(), old,
                replay.size());
    }

    /**
     * Waits until tgtd listens on port 3260 in its namespace and answers on its control socket.
     *
     * @throws HarnessException when the process exits or the deadline passes first, with the log tail
     */
    public void waitListening() {
        Await.until("tgtd (pid " + process.pid() + ") listens on " + namespace.peerAddress() + ":" + PORT,
                START_TIMEOUT, () -> {
                    if (!process.isAlive()) {
                        throw new HarnessException("tgtd (pid " + process.pid() + ") exited with "
                                + process.exitValue() + " before listening\n" + logTail(LOG_TAIL_LINES));
                    }
                    return SocketStats.isListening(namespace, PORT)
                            && ProcessRunner.runAllowingFailure(tgtadm("--mode", "system", "--op", "show"),
                            ADMIN_TIMEOUT).succeeded();
                }, () -> logTail(LOG_TAIL_LINES));
    }

    /** Creates target {@code tid} named {@code iqn} (no LUNs but the controller LUN 0, no ACL yet). */
    public void addTarget(int tid, String iqn) {
        configure(tgtadm("--lld", "iscsi", "--mode", "target", "--op", "new", "--tid", Integer.toString(tid),
                "--targetname", iqn));
        targets.add(tid);
    }

    /**
     * Adds data LUN {@code lun} (1..) of {@code sizeBytes} to target {@code tid}, backed by a new
     * sparse file on tmpfs.
     *
     * @throws IllegalArgumentException when the size is not a positive multiple of 512
     */
    public Path addLun(int tid, int lun, long sizeBytes) {
        if (sizeBytes <= 0 || sizeBytes % 512 != 0) {
            throw new IllegalArgumentException("LUN size must be a positive multiple of 512, got " + sizeBytes);
        }
        if (lun < 1) {
            throw new IllegalArgumentException("tgtd data LUNs start at 1 (LUN 0 is the controller), got " + lun);
        }
        Path file = workDir.resolve("lun-" + tid + "-" + lun + ".img");
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(sizeBytes);
        } catch (IOException e) {
            throw new HarnessException("cannot create LUN backing file " + file + " of " + sizeBytes
                    + " bytes: " + e.getMessage(), e);
        }
        configure(tgtadm("--lld", "iscsi", "--mode", "logicalunit", "--op", "new", "--tid", Integer.toString(tid),
                "--lun", Integer.toString(lun), "--backing-store", file.toString()));
        backingFiles.put(tid + "/" + lun, file);
        return file;
    }

    /**
     * Changes parameters of LUN {@code lun}, e.g. {@code thin_provisioning=1} (UNMAP, WRITE SAME with
     * UNMAP, GET LBA STATUS) or {@code readonly=1}; tgtd's {@code --params} syntax.
     */
    public void updateLun(int tid, int lun, String params) {
        configure(tgtadm("--lld", "iscsi", "--mode", "logicalunit", "--op", "update", "--tid", Integer.toString(tid),
                "--lun", Integer.toString(lun), "--params", params));
    }

    /** Allows every initiator address to log in to target {@code tid}. */
    public void bindAll(int tid) {
        configure(tgtadm("--lld", "iscsi", "--mode", "target", "--op", "bind", "--tid", Integer.toString(tid),
                "--initiator-address", "ALL"));
    }

    /** Creates a CHAP account (the secret never appears in logs or errors). */
    public void addChapUser(String user, String secret) {
        configure(tgtadm("--lld", "iscsi", "--mode", "account", "--op", "new", "--user", user).args("--password")
                .secret(secret));
    }

    /** Requires initiators of target {@code tid} to authenticate as CHAP account {@code user}. */
    public void bindChap(int tid, String user) {
        configure(tgtadm("--lld", "iscsi", "--mode", "account", "--op", "bind", "--tid", Integer.toString(tid),
                "--user", user));
    }

    /**
     * Replaces the secret of CHAP account {@code user} bound to target {@code tid} while tgtd runs
     * (unbind, delete, create, bind): new logins need the new secret, sessions already logged in
     * stay. Kept across {@link #restart()}.
     */
    public void changeChapSecret(int tid, String user, String newSecret) {
        String t = Integer.toString(tid);
        configure(tgtadm("--lld", "iscsi", "--mode", "account", "--op", "unbind", "--tid", t, "--user", user));
        configure(tgtadm("--lld", "iscsi", "--mode", "account", "--op", "delete", "--user", user));
        addChapUser(user, newSecret);
        bindChap(tid, user);
    }

    /** Makes target {@code tid} authenticate itself to initiators as {@code user} (mutual CHAP). */
    public void bindOutgoingChap(int tid, String user) {
        configure(tgtadm("--lld", "iscsi", "--mode", "account", "--op", "bind", "--tid", Integer.toString(tid),
                "--user", user, "--outgoing"));
    }

    /**
     * Sets an iSCSI login parameter of target {@code tid} (one of {@link #SETTABLE_PARAMS}).
     *
     * @throws IllegalArgumentException for a name tgtd would not accept here
     */
    public void setParam(int tid, String name, String value) {
        if (!SETTABLE_PARAMS.contains(name)) {
            throw new IllegalArgumentException("unsupported tgtd target parameter '" + name + "'; one of "
                    + SETTABLE_PARAMS);
        }
        configure(tgtadm("--lld", "iscsi", "--mode", "target", "--op", "update", "--tid", Integer.toString(tid),
                "--name", name, "--value", value));
    }

    /** The output of {@code tgtadm --mode target --op show} (all targets). */
    public String showTargets() {
        return admin(tgtadm("--lld", "iscsi", "--mode", "target", "--op", "show")).stdout();
    }

    /**
     * The number of iSCSI connections target {@code tid} has (Connection lines of its I_T nexuses),
     * cross-checked against established TCP connections on port 3260 in the namespace: a count
     * tgtd reports without matching TCP connections for 2 s is an error.
     */
    public int connectionCount(int tid) {
        int[] last = new int[2];
        boolean consistent = Await.poll(Duration.ofSeconds(2), () -> {
            last[0] = countConnections(showTargets(), tid);
            last[1] = SocketStats.establishedOnLocalPort(namespace, PORT);
            return last[0] <= last[1];
        });
        if (!consistent) {
            throw new HarnessException("tgtd reports " + last[0] + " connections on target " + tid
                    + " but only " + last[1] + " TCP connections are established on port " + PORT
                    + " in " + namespace.name());
        }
        return last[0];
    }

    /** Counts the Connection lines within target {@code tid}'s block of a tgtadm show output. */
    static int countConnections(String show, int tid) {
        boolean inTarget = false;
        int count = 0;
        for (String line : show.split("\n")) {
            Matcher target = TARGET_LINE.matcher(line);
            if (target.matches()) {
                inTarget = Integer.parseInt(target.group(1)) == tid;
            } else if (inTarget && CONNECTION_LINE.matcher(line).matches()) {
                count++;
            }
        }
        return count;
    }

    /** The backing file of LUN {@code lun} of target {@code tid}. */
    public Path lunBackingFile(int tid, int lun) {
        Path file = backingFiles.get(tid + "/" + lun);
        if (file == null) {
            throw new IllegalArgumentException("no LUN " + lun + " on target " + tid + " was added by this harness; "
                    + "known: " + backingFiles.keySet());
        }
        return file;
    }

    /** The namespace the daemon runs in. */
    public NetworkNamespace namespace() {
        return namespace;
    }

    /** The portal initiators connect to, {@code ADDR:3260}. */
    public String portal() {
        return namespace.peerAddress() + ":" + PORT;
    }

    /** Every portal of the namespace, {@code ADDR:3260} for each link, the first link first. */
    public List<String> portals() {
        return namespace.links().stream().map(l -> l.peerAddress() + ":" + PORT).toList();
    }

    /** The I_T nexuses (sessions) of target {@code tid} as tgtd reports them now. */
    public List<TgtdShow.Nexus> sessions(int tid) {
        return TgtdShow.nexuses(showTargets(), tid);
    }

    /** The PID of the (current) tgtd process. */
    public long pid() {
        return process.pid();
    }

    /** True while the tgtd process runs. */
    public boolean isAlive() {
        return process.isAlive();
    }

    /** SIGKILLs tgtd (crash tests); {@link #restart()} brings it back, {@link #close()} still cleans up. */
    public void kill() {
        ProcessRunner.kill(process);
    }

    /** tgtd's log file (its stderr), kept after close. */
    public Path logFile() {
        return logFile;
    }

    /** The last {@code lines} lines of tgtd's log, for failure messages. */
    public String logTail(int lines) {
        return "--- tgtd log " + logFile + " (tail) ---\n" + Text.tailOfFile(logFile, lines);
    }

    /**
     * Deletes all targets, shuts tgtd down, SIGKILLs it after a deadline, removes the work directory.
     * Idempotent.
     *
     * @throws HarnessException when the process could not be stopped or files not removed
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        if (process.isAlive()) {
            for (int tid : targets) {
                ProcessRunner.runAllowingFailure(tgtadm("--lld", "iscsi", "--mode", "target", "--op", "delete",
                        "--force", "--tid", Integer.toString(tid)), ADMIN_TIMEOUT);
            }
            ProcessRunner.runAllowingFailure(tgtadm("--mode", "system", "--op", "delete"), ADMIN_TIMEOUT);
            if (!ProcessRunner.awaitExit(process, EXIT_TIMEOUT)) {
                LOG.warn("tgtd pid {} still alive {} after system delete; sending SIGKILL", process.pid(), EXIT_TIMEOUT);
                ProcessRunner.kill(process);
            }
        }
        WorkDirs.deleteRecursively(workDir);
        if (process.isAlive()) {
            throw new HarnessException("tgtd pid " + process.pid() + " survived SIGKILL\n" + logTail(LOG_TAIL_LINES));
        }
        LOG.info("tgtd pid {} stopped", process.pid());
    }

    private Command tgtadm(String... args) {
        return Command.of("tgtadm").args(args).env("TGT_IPC_SOCKET", ipcSocket.toString());
    }

    /** Runs a configuration command and records it for {@link #restart()}. */
    private void configure(Command command) {
        synchronized (configuration) {
            admin(command);
            configuration.add(command);
        }
    }

    private ProcessResult admin(Command command) {
        ProcessResult result = ProcessRunner.runAllowingFailure(command, ADMIN_TIMEOUT);
        if (!result.succeeded()) {
            throw new HarnessException(result.describe() + "\n" + logTail(LOG_TAIL_LINES));
        }
        return result;
    }

    @Override
    public String toString() {
        return "TgtdTarget[pid " + process.pid() + " in " + namespace.name() + " at " + portal() + "]";
    }
}
