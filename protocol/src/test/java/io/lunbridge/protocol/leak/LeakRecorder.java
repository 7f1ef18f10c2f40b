package io.lunbridge.protocol.leak;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.util.ResourceLeakDetector;
import io.netty.util.ResourceLeakDetectorFactory;
import io.netty.util.ResourceLeakTracker;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Netty's leak detectors, made by this factory, report a leak here instead of only logging it, so a
 * test run can fail on one. Netty finds a leak when the garbage collector has dropped a tracked
 * object (a buffer) that was never released, and says so on the next allocation; {@link #sweep}
 * does both: it collects garbage, has every detector look, and hands back the reports.
 *
 * <p>Netty's factory is one per JVM and has to be set before the first buffer class is loaded:
 * {@link #install} does that once ({@link LeakCheckExtension} calls it when JUnit starts).
 */
public final class LeakRecorder extends ResourceLeakDetectorFactory {
    private static final class Holder {
        static final LeakRecorder INSTANCE = install0();
    }

    private final List<Detector<?>> detectors = new CopyOnWriteArrayList<>();
    private final Queue<String> reports = new ConcurrentLinkedQueue<>();

    LeakRecorder() {
    }

    /** The recorder Netty uses in this JVM (see {@link #active} for whether buffers report to it). */
    public static LeakRecorder install() {
        return Holder.INSTANCE;
    }

    private static LeakRecorder install0() {
        LeakRecorder recorder = new LeakRecorder();
        ResourceLeakDetectorFactory.setResourceLeakDetectorFactory(recorder);
        Unpooled.buffer(1).release(); // loads the buffer classes, whose detector is now one of ours
        return recorder;
    }

    /**
     * True when buffers report to this recorder: it is Netty's factory and made the detector of
     * {@link ByteBuf} (false if the buffer classes were loaded before {@link #install}).
     */
    public boolean active() {
        return ResourceLeakDetectorFactory.instance() == this
                && detectors.stream().anyMatch(d -> d.resource == ByteBuf.class);
    }

    @Override
    @SuppressWarnings("deprecation")
    public <T> ResourceLeakDetector<T> newResourceLeakDetector(Class<T> resource, int samplingInterval, long maxActive) {
        return newResourceLeakDetector(resource, samplingInterval);
    }

    @Override
    public <T> ResourceLeakDetector<T> newResourceLeakDetector(Class<T> resource, int samplingInterval) {
        Detector<T> d = new Detector<>(resource, samplingInterval, reports);
        detectors.add(d);
        return d;
    }

    /**
     * Collects garbage, lets every detector report what was dropped unreleased, and returns (and
     * forgets) the reports so far: one text per leak, with Netty's access records when it kept them.
     */
    public List<String> sweep() {
        collectGarbage();
        collectGarbage(); // the second round ends after the reference handler has queued the first's
        for (Detector<?> d : detectors) {
            d.look();
        }
        List<String> out = new ArrayList<>();
        for (String r; (r = reports.poll()) != null; ) {
            out.add(r);
        }
        return out;
    }

    /** One full collection, returning once its weak references have been queued (bounded: 5 s). */
    private static void collectGarbage() {
        ReferenceQueue<Object> queue = new ReferenceQueue<>();
        WeakReference<Object> sentinel = new WeakReference<>(new Object(), queue);
        try {
            for (int i = 0; i < 50 && queue.poll() == null; i++) {
                System.gc();
                if (queue.remove(100) != null) {
                    break;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        sentinel.clear();
    }

    /** A Netty detector whose reports go to the recorder's queue (and to Netty's log as before). */
    private static final class Detector<T> extends ResourceLeakDetector<T> {
        private final Class<T> resource;
        private final Queue<String> reports;

        Detector(Class<T> resource, int samplingInterval, Queue<String> reports) {
            super(resource, samplingInterval);
            this.resource = resource;
            this.reports = reports;
        }

        /** Makes Netty look at the objects collected since (it does so on each track call). */
        @SuppressWarnings("unchecked")
        void look() {
            Object probe = new Object();
            ResourceLeakTracker<T> t = trackForcibly((T) probe); // erased: the detector only keeps a weak reference
            t.close((T) probe);
        }

        @Override
        protected boolean needReport() {
            return true;
        }

        @Override
        protected void reportTracedLeak(String resourceType, String records) {
            reports.add("LEAK: " + resourceType + ".release() was not called before it was garbage-collected."
                    + records);
            super.reportTracedLeak(resourceType, records);
        }

        @Override
        protected void reportUntracedLeak(String resourceType) {
            reports.add("LEAK: " + resourceType + ".release() was not called before it was garbage-collected"
                    + " (no access records: leak detection level " + ResourceLeakDetector.getLevel() + ")");
            super.reportUntracedLeak(resourceType);
        }
    }
}
