package io.lunbridge.app.metrics;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * The process's metrics, written in the Prometheus text format by {@link MetricsEndpoint}. Every
 * layer registers its own metrics here (the block layer through {@link BlockMetrics}; multipath and
 * sessions through the same four methods) and keeps the returned objects: updating them is a
 * lock-free add, so they may be used on I/O threads. Names must start with {@code lunbridge_} and
 * follow Prometheus conventions (base units, {@code _total} for counters, {@code _seconds} and
 * {@code _bytes}); registering a name twice is an error. The metric types are the Prometheus Java
 * client's ({@code io.prometheus.metrics.core.metrics}).
 *
 * <p>One instance per process; it is thread-safe.
 */
public final class MetricsRegistry {
    public static final String PREFIX = "lunbridge_";
    /** Latency buckets in seconds: 50 µs (a cached 4k read) to 30 s (a command timeout). */
    static final double[] LATENCY_BUCKETS = {50e-6, 100e-6, 250e-6, 500e-6, 1e-3, 2.5e-3, 5e-3, 10e-3, 25e-3,
        50e-3, 100e-3, 250e-3, 500e-3, 1, 2.5, 5, 10, 30};
    private static final Pattern NAME = Pattern.compile("lunbridge_[a-z0-9_]*[a-z0-9]");

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();

    /** A counter, e.g. {@code counter("lunbridge_path_failovers_total", "…", "lun")}. */
    public Counter counter(String name, String help, String... labelNames) {
        Counter.Builder b = Counter.builder().name(checked(name)).help(help);
        return (labelNames.length > 0 ? b.labelNames(labelNames) : b).register(registry);
    }

    /** A gauge set by the caller, e.g. a replacement countdown in seconds. */
    public Gauge gauge(String name, String help, String... labelNames) {
        Gauge.Builder b = Gauge.builder().name(checked(name)).help(help);
        return (labelNames.length > 0 ? b.labelNames(labelNames) : b).register(registry);
    }

    /**
     * A gauge read at scrape time: {@code values} calls {@code callback.call(value, labelValues…)}
     * once per series (e.g. path state per path). It runs on the scraping thread.
     */
    public GaugeWithCallback gauge(String name, String help, List<String> labelNames,
            Consumer<GaugeWithCallback.Callback> values) {
        GaugeWithCallback.Builder b = GaugeWithCallback.builder().name(checked(name)).help(help).callback(values);
        return (labelNames.isEmpty() ? b : b.labelNames(labelNames.toArray(new String[0]))).register(registry);
    }

    /**
     * A counter read at scrape time, for counts kept by the layer that owns them (e.g. PDUs per
     * session): {@code values} calls {@code callback.call(value, labelValues…)} once per series.
     * It runs on the scraping thread.
     */
    public CounterWithCallback counter(String name, String help, List<String> labelNames,
            Consumer<CounterWithCallback.Callback> values) {
        CounterWithCallback.Builder b = CounterWithCallback.builder().name(checked(name)).help(help).callback(values);
        return (labelNames.isEmpty() ? b : b.labelNames(labelNames.toArray(new String[0]))).register(registry);
    }

    /** A latency histogram in seconds with the buckets of {@link #LATENCY_BUCKETS}. */
    public Histogram latency(String name, String help, String... labelNames) {
        if (!name.endsWith("_seconds")) {
            throw new IllegalArgumentException("metric " + name + ": a latency histogram's name ends in _seconds");
        }
        Histogram.Builder b = Histogram.builder().name(checked(name)).help(help).classicOnly()
                .classicUpperBounds(LATENCY_BUCKETS);
        return (labelNames.length > 0 ? b.labelNames(labelNames) : b).register(registry);
    }

    /** Writes every metric in the Prometheus text format (version 0.0.4). */
    public void writeText(OutputStream out) throws IOException {
        writer.write(out, registry.scrape());
    }

    /** The Content-Type of {@link #writeText}. */
    public String contentType() {
        return writer.getContentType();
    }

    private static String checked(String name) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("metric name '" + name + "': expected " + PREFIX
                    + "followed by lower-case letters, digits and '_'");
        }
        return name;
    }
}
