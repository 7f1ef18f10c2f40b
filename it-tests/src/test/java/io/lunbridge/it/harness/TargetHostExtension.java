package io.lunbridge.it.harness;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * JUnit 5 extension that creates namespaces, targets and helper processes for a test and
 * guarantees they are closed, even when the test fails or times out.
 *
 * <p>Use with {@code @RegisterExtension}: on an instance field, everything created in a test is
 * closed after that test; on a static field, resources created outside a test method (e.g. in
 * {@code @BeforeAll}) live until after the last test of the class, and resources created inside a
 * test are still closed after that test. Resources are closed in reverse order of creation
 * (targets before their namespace); every close is attempted, the first failure is rethrown with
 * the others suppressed.
 *
 * <p>As a last resort (JVM killed by SIGTERM, failsafe fork timeout) a shutdown hook closes what
 * is still open; it only acts on the exact namespaces and PIDs this extension created. Namespaces
 * left by JVMs that died with SIGKILL are swept by {@link NetworkNamespace#sweepStale()} when this
 * extension first creates a namespace.
 *
 * <pre>{@code
 * @RegisterExtension final TargetHostExtension host = new TargetHostExtension();
 *
 * @Test void readsThroughTgtd() {
 *     TgtdTarget tgtd = host.tgtd();              // new namespace + tgtd, closed after the test
 *     tgtd.addTarget(1, "iqn.2024-01.io.lunbridge.it:t1");
 *     tgtd.addLun(1, 1, 64L << 20);
 *     tgtd.bindAll(1);
 *     // connect to tgtd.portal(); compare with tgtd.lunBackingFile(1, 1)
 * }
 * }</pre>
 *
 * <p>Not meant for tests of one class running in parallel threads.
 */
public final class TargetHostExtension implements BeforeEachCallback, AfterEachCallback, AfterAllCallback {

    private static final Logger LOG = LogManager.getLogger(TargetHostExtension.class);
    private static final Duration PROCESS_STOP_GRACE = Duration.ofSeconds(5);

    /** A resource to close and what to call it in messages. */
    private record Entry(String description, AutoCloseable resource) {
    }

    private final Deque<Entry> classScoped = new ArrayDeque<>();
    private final Deque<Entry> testScoped = new ArrayDeque<>();
    private boolean inTest;
    private boolean swept;
    private Thread shutdownHook;

    /** Creates a new namespace (see {@link NetworkNamespace#create()}) closed with this scope. */
    public NetworkNamespace namespace() {
        synchronized (this) {
            if (!swept) {
                swept = true;
                NetworkNamespace.sweepStale();
            }
        }
        NetworkNamespace ns = NetworkNamespace.create();
        return register(ns.toString(), ns);
    }

    /** Starts tgtd in a new namespace. */
    public TgtdTarget tgtd() {
        return tgtd(namespace());
    }

    /** Starts tgtd in {@code ns}. */
    public TgtdTarget tgtd(NetworkNamespace ns) {
        TgtdTarget target = TgtdTarget.start(ns);
        return register(target.toString(), target);
    }

    /** Starts istgt serving {@code config} in a new namespace. */
    public IstgtTarget istgt(IstgtConfig config) {
        return istgt(namespace(), config);
    }

    /** Starts istgt serving {@code config} in {@code ns}. */
    public IstgtTarget istgt(NetworkNamespace ns, IstgtConfig config) {
        IstgtTarget target = IstgtTarget.start(ns, config);
        return register(target.toString(), target);
    }

    /**
     * Starts a long-running helper process (e.g. an initiator tool) with output appended to
     * {@code log}; it is stopped (SIGTERM, then SIGKILL) with this scope unless it ended before.
     */
    public Process startProcess(Command command, Path log) {
        Process process = ProcessRunner.start(command, log, log);
        register("process " + process.pid() + " `" + command.display() + "`",
                () -> ProcessRunner.stop(process, PROCESS_STOP_GRACE));
        return process;
    }

    /** Registers any resource to be closed with the current scope; returns it. */
    public synchronized <T extends AutoCloseable> T register(String description, T resource) {
        (inTest ? testScoped : classScoped).push(new Entry(description, resource));
        if (shutdownHook == null) {
            shutdownHook = new Thread(this::closeAllOnShutdown, "lunbridge-it-cleanup");
            Runtime.getRuntime().addShutdownHook(shutdownHook);
        }
        return resource;
    }

    @Override
    public synchronized void beforeEach(ExtensionContext context) {
        inTest = true;
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        synchronized (this) {
            inTest = false;
        }
        try {
            closeAll(testScoped);
        } finally {
            synchronized (this) {
                if (classScoped.isEmpty()) {
                    removeShutdownHook();
                }
            }
        }
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        try {
            closeAll(testScoped);
            closeAll(classScoped);
        } finally {
            removeShutdownHook();
        }
    }

    private void closeAll(Deque<Entry> scope) throws Exception {
        Exception first = null;
        while (true) {
            Entry entry;
            synchronized (this) {
                entry = scope.poll();
            }
            if (entry == null) {
                break;
            }
            try {
                entry.resource().close();
            } catch (Exception e) {
                LOG.error("cleanup of {} failed: {}", entry.description(), e.getMessage());
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    private void closeAllOnShutdown() {
        try {
            closeAll(testScoped);
        } catch (Exception e) {
            LOG.error("shutdown cleanup failed", e);
        }
        try {
            closeAll(classScoped);
        } catch (Exception e) {
            LOG.error("shutdown cleanup failed", e);
        }
    }

    private synchronized void removeShutdownHook() {
        if (shutdownHook != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException shuttingDown) {
                // the JVM is already shutting down and will run the hook, which finds nothing left
            }
            shutdownHook = null;
        }
    }
}
