package io.lunbridge.app.metrics;

import io.lunbridge.block.BlockDevice;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;

/**
 * The per-LUN metric families of the block layer (names in docs/metrics.md), registered once per
 * registry; {@link #meter} wraps a LUN's device so that every request the exporters make counts.
 */
public final class BlockMetrics {
    final Counter requests;
    final Counter bytes;
    final Counter errors;
    final Histogram duration;
    final Gauge inFlight;

    public BlockMetrics(MetricsRegistry registry) {
        requests = registry.counter("lunbridge_block_requests_total",
                "Requests completed by the LUN (successful or not), by operation", "lun", "op");
        bytes = registry.counter("lunbridge_block_bytes_total",
                "Bytes read or written by successful requests", "lun", "op");
        errors = registry.counter("lunbridge_block_errors_total",
                "Requests that failed, by operation and kind (BlockIoException kind, or other)", "lun", "op", "kind");
        duration = registry.latency("lunbridge_block_request_duration_seconds",
                "Time from request to completion, by operation", "lun", "op");
        inFlight = registry.gauge("lunbridge_block_in_flight_requests",
                "Requests issued to the LUN and not completed yet (its queue depth)", "lun");
    }

    /** {@code device} with every request counted under {@code lun} (e.g. "iqn…:disk/lun1"). */
    public BlockDevice meter(String lun, BlockDevice device) {
        return new MeteredBlockDevice(this, lun, device);
    }
}
