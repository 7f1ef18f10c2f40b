package io.lunbridge.it.harness;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * open-isns {@code isnsd} running in a {@link NetworkNamespace} (in-memory database, Security = 0
 * because Debian ships a key that otherwise turns authentication on), with {@code isnsadm}
 * helpers to register targets and discovery domains. Stopped by its PID on close.
 */
public final class IsnsdServer implements AutoCloseable {
    /** The iSNS port. */
    public static final int PORT = 3205;
    private static final String ADMIN = "iqn.2026-01.io.lunbridge.it:isns-admin";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(15);

    private final NetworkNamespace namespace;
    private final Path workDir;
    private final Path logFile;
    private final Process process;
    private final AtomicBoolean closed = new AtomicBoolean();

    private IsnsdServer(NetworkNamespace namespace, Path workDir, Path logFile, Process process) {
        this.namespace = namespace;
        this.workDir = workDir;
        this.logFile = logFile;
        this.process = process;
    }

    /** Starts isnsd in {@code namespace} (registrations never expire) and waits until it accepts connections. */
    public static IsnsdServer start(NetworkNamespace namespace) {
        return start(namespace, 0);
    }

    /**
     * Starts isnsd granting {@code registrationPeriodSeconds} (0: registrations never expire; else
     * an entity not refreshed within it is removed) and waits until it accepts connections.
     */
    public static IsnsdServer start(NetworkNamespace namespace, int registrationPeriodSeconds, String... extraConfig) {
        Path work = WorkDirs.newTmpfsDir("lbit-isnsd");
        Path log = WorkDirs.newLogFile("isnsd-" + namespace.name());
        Path conf = work.resolve("isnsd.conf");
        try {
            Files.writeString(conf, String.join("\n", "SourceName = iqn.2026-01.io.lunbridge.it:isnsd",
                    "DefaultDiscoveryDomain = 1", "RegistrationPeriod = " + registrationPeriodSeconds, "SLPRegister = 0", "Security = 0",
                    "ControlSocket = " + work.resolve("control"), "PIDFile = " + work.resolve("isnsd.pid"),
                    String.join("\n", extraConfig), ""));
        } catch (IOException e) {
            throw new HarnessException("cannot write " + conf + ": " + e.getMessage(), e);
        }
        Process p = ProcessRunner.start(namespace.command("isnsd", "--config", conf.toString(), "--foreground"), log, log);
        IsnsdServer server = new IsnsdServer(namespace, work, log, p);
        try {
            Await.until("isnsd (pid " + p.pid() + ") listens on " + namespace.peerAddress() + ":" + PORT, START_TIMEOUT,
                    () -> {
                        if (!p.isAlive()) {
                            throw new HarnessException("isnsd exited with " + p.exitValue() + "\n" + server.logTail());
                        }
                        try (Socket s = new Socket()) {
                            s.connect(new InetSocketAddress(namespace.peerAddress(), PORT), 200);
                            return true;
                        } catch (IOException notYet) {
                            return false;
                        }
                    });
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
        return server;
    }

    /** "ADDRESS:3205" of the server, as lunbridge's isns.servers takes it. */
    public String address() {
        return namespace.peerAddress() + ":" + PORT;
    }

    /** Runs isnsadm as client {@code sourceName}; fails with its output on a non-zero exit. */
    public String isnsadm(String sourceName, String... args) {
        Path conf = workDir.resolve("isnsadm-" + Integer.toHexString(sourceName.hashCode()) + ".conf");
        try {
            Files.writeString(conf, "SourceName = " + sourceName + "\nServerAddress = " + namespace.peerAddress()
                    + "\nSecurity = 0\n");
        } catch (IOException e) {
            throw new HarnessException("cannot write " + conf + ": " + e.getMessage(), e);
        }
        return ProcessRunner.run(Command.of("isnsadm", "--config", conf.toString()).args(args)).stdout();
    }

    /** Registers a target with one portal ("ADDR:PORT") and portal group tag 1, as the target would. */
    public void registerTarget(String entity, String iqn, String portal) {
        isnsadm(iqn, "--register", "entity=" + entity, "target=" + iqn, "portal=" + portal, "pg,pgt=1");
    }

    /** Creates a discovery domain with these member names; returns its DD ID. */
    public long createDomain(String name, String... members) {
        List<String> args = new ArrayList<>(List.of("--dd-register", "dd-name=" + name));
        for (String m : members) {
            args.add("dd-member-name=" + m);
        }
        String out = isnsadm(ADMIN, args.toArray(new String[0]));
        for (String line : out.split("\n")) {
            int i = line.indexOf("DD ID = ");
            if (i >= 0) {
                return Long.parseLong(line.substring(i + 8).trim());
            }
        }
        throw new HarnessException("isnsadm --dd-register printed no DD ID: " + out);
    }

    public String logTail() {
        return "--- isnsd log " + logFile + " (tail) ---\n" + Text.tailOfFile(logFile, 30);
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        if (!ProcessRunner.stop(process, Duration.ofSeconds(5))) {
            ProcessRunner.kill(process);
        }
        WorkDirs.deleteRecursively(workDir);
        if (process.isAlive()) {
            throw new HarnessException("isnsd pid " + process.pid() + " survived SIGKILL");
        }
    }
}
