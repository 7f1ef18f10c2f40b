package io.lunbridge.protocol.leak;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.netty.buffer.ByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import java.util.List;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * The build's leak check works: tests run with paranoid leak detection, buffers report to the
 * {@link LeakRecorder}, and a class that leaks a buffer fails, naming the leak record. The leaking
 * class is run by a JUnit launcher of its own (it is disabled for the build's own run), so its
 * failure is observed here and does not fail the build.
 */
class LeakCheckExtensionTest {
    private static final String HINT = "leaked on purpose by LeakCheckExtensionTest";

    @Test
    void testsRunWithParanoidLeakDetectionReportingToTheRecorder() {
        assertEquals(ResourceLeakDetector.Level.PARANOID, ResourceLeakDetector.getLevel(),
                "surefire runs the tests with -Dio.netty.leakDetection.level=paranoid (root pom)");
        assertTrue(LeakRecorder.install().active(), "Netty's buffers report leaks to the LeakRecorder");
    }

    @Test
    void aClassThatLeaksABufferFailsNamingTheLeakRecord() {
        Launcher launcher = LauncherFactory.create();
        SummaryGeneratingListener listener = new SummaryGeneratingListener();
        launcher.execute(LauncherDiscoveryRequestBuilder.request()
                .selectors(selectClass(LeaksABuffer.class))
                .configurationParameter("junit.jupiter.extensions.autodetection.enabled", "true")
                .configurationParameter("junit.jupiter.conditions.deactivate", "org.junit.*DisabledCondition")
                .build(), listener);
        TestExecutionSummary summary = listener.getSummary();

        assertEquals(1, summary.getTestsSucceededCount(), "the leaking test itself passes");
        List<TestExecutionSummary.Failure> failures = summary.getFailures();
        assertEquals(1, failures.size(), "the class fails after its tests: " + failures);
        String message = failures.get(0).getException().getMessage();
        assertTrue(message.contains("1 Netty leak(s) found after " + LeaksABuffer.class.getName() + ":"), message);
        assertTrue(message.contains("LEAK: ByteBuf.release() was not called"), message);
        assertTrue(message.contains(HINT), "the record carries the buffer's last touch: " + message);
        assertTrue(message.contains("LeaksABuffer.dropsABufferWithoutReleasingIt"), "and where it was allocated: " + message);
        assertEquals(List.of(), LeakRecorder.install().sweep(), "the inner run's check took the report");
    }

    /** Leaks one buffer; run only by {@link #aClassThatLeaksABufferFailsNamingTheLeakRecord}. */
    @Disabled("leaks on purpose: run by LeakCheckExtensionTest's own launcher")
    static class LeaksABuffer {
        @Test
        void dropsABufferWithoutReleasingIt() {
            ByteBufAllocator.DEFAULT.directBuffer(16).writeLong(42).touch(HINT);
        }
    }
}
