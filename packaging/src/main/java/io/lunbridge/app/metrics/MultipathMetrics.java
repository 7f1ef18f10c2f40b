package io.lunbridge.app.metrics;

import io.lunbridge.app.status.MultipathVerbs;
import io.lunbridge.mpio.DeviceState;
import io.lunbridge.mpio.DeviceStatus;
import io.lunbridge.mpio.MultipathDevice;
import io.lunbridge.mpio.PathState;
import io.lunbridge.mpio.PathStatus;
import java.util.List;
import java.util.function.Supplier;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Multipath metrics, read from the devices' status at scrape time (no counting on the I/O path):
 * <ul>
 *   <li>{@code lunbridge_device_state{lun,state}} 1 for the device's current state, 0 for the others;</li>
 *   <li>{@code lunbridge_replacement_remaining_seconds{lun}} seconds until queued I/O fails while
 *       QUEUEING (absent otherwise);</li>
 *   <li>{@code lunbridge_failovers_total{lun}} commands re-issued on another path;</li>
 *   <li>{@code lunbridge_io_failure_episodes_total{lun}} times the replacement timeout expired;</li>
 *   <li>{@code lunbridge_path_state{lun,path,state}} 1 for each path's current state;</li>
 *   <li>{@code lunbridge_path_failures_total{lun,path}} and {@code lunbridge_path_in_flight{lun,path}}.</li>
 * </ul>
 * Counters are exposed as gauges read from the device (they only grow while the process lives).
 */
public final class MultipathMetrics {
    private static final Logger LOG = LogManager.getLogger(MultipathMetrics.class);

    private MultipathMetrics() {
    }

    /** Registers the metrics of {@code devices} in {@code registry}. */
    public static void register(MetricsRegistry registry, List<MultipathDevice> devices) {
        register(registry, () -> snapshot(devices));
    }

    /** Registers metrics read from {@code status} at each scrape. */
    static void register(MetricsRegistry registry, Supplier<List<DeviceStatus>> status) {
        registry.gauge("lunbridge_device_state", "1 for the multipath device's state (RUNNING, QUEUEING, FAILED)",
                List.of("lun", "state"), cb -> {
                    for (DeviceStatus d : status.get()) {
                        for (DeviceState s : DeviceState.values()) {
                            cb.call(d.state() == s ? 1 : 0, d.name(), s.name());
                        }
                    }
                });
        registry.gauge("lunbridge_replacement_remaining_seconds",
                "seconds until queued I/O fails with EIO while the device has no usable path", List.of("lun"), cb -> {
                    for (DeviceStatus d : status.get()) {
                        if (d.queueingSecondsLeft() != null) {
                            cb.call(d.queueingSecondsLeft(), d.name());
                        }
                    }
                });
        registry.gauge("lunbridge_failovers", "commands re-issued on another path since start", List.of("lun"), cb -> {
            for (DeviceStatus d : status.get()) {
                cb.call(d.failovers(), d.name());
            }
        });
        registry.gauge("lunbridge_io_failure_episodes", "times the replacement timeout expired and I/O failed",
                List.of("lun"), cb -> {
                    for (DeviceStatus d : status.get()) {
                        cb.call(d.ioFailureEpisodes(), d.name());
                    }
                });
        registry.gauge("lunbridge_path_state", "1 for each path's state (ACTIVE, STANDBY, FAILED, REINSTATING, DISABLED)",
                List.of("lun", "path", "state"), cb -> {
                    for (DeviceStatus d : status.get()) {
                        for (PathStatus p : d.paths()) {
                            for (PathState s : PathState.values()) {
                                cb.call(p.state() == s ? 1 : 0, d.name(), p.id(), s.name());
                            }
                        }
                    }
                });
        registry.gauge("lunbridge_path_failures", "times the path failed since start", List.of("lun", "path"), cb -> {
            for (DeviceStatus d : status.get()) {
                for (PathStatus p : d.paths()) {
                    cb.call(p.failures(), d.name(), p.id());
                }
            }
        });
        registry.gauge("lunbridge_path_in_flight", "commands in flight on the path", List.of("lun", "path"), cb -> {
            for (DeviceStatus d : status.get()) {
                for (PathStatus p : d.paths()) {
                    cb.call(p.inFlight(), d.name(), p.id());
                }
            }
        });
    }

    private static List<DeviceStatus> snapshot(List<MultipathDevice> devices) {
        try {
            return MultipathVerbs.snapshot(devices);
        } catch (Exception e) {
            LOG.debug("multipath status unavailable for a scrape: {}", e.getMessage());
            return List.of();
        }
    }
}
