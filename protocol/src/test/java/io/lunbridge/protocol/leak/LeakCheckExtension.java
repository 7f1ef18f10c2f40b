package io.lunbridge.protocol.leak;

import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test class after which Netty found a buffer (or other tracked object) garbage-collected
 * without being released, naming Netty's leak record: where it was allocated and last touched.
 *
 * <p>Registered for every module whose tests have this module's test-jar on the class path, by
 * {@code META-INF/services/org.junit.jupiter.api.extension.Extension} and the surefire setting
 * {@code junit.jupiter.extensions.autodetection.enabled=true} of the root pom, which also runs the
 * tests with {@code -Dio.netty.leakDetection.level=paranoid} (every buffer tracked, with records).
 * A leak is attributed to the class after which it is found: the sweep runs after each class.
 */
public final class LeakCheckExtension implements BeforeAllCallback, AfterAllCallback {
    private final LeakRecorder recorder = LeakRecorder.install();

    @Override
    public void beforeAll(ExtensionContext context) {
        if (!recorder.active()) {
            throw new IllegalStateException("Netty's buffers do not report leaks to the LeakRecorder: another "
                    + "leak detector factory was set, or the buffer classes were loaded before it was installed");
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        List<String> leaks = recorder.sweep();
        if (!leaks.isEmpty()) {
            throw new AssertionError(leaks.size() + " Netty leak(s) found after "
                    + context.getRequiredTestClass().getName() + ":\n" + String.join("\n\n", leaks));
        }
    }
}
