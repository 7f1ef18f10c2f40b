package io.lunbridge.app.metrics;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lunbridge.mpio.DeviceState;
import io.lunbridge.mpio.DeviceStatus;
import io.lunbridge.mpio.PathState;
import io.lunbridge.mpio.PathStatus;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class MultipathMetricsTest {
    private static DeviceStatus device(DeviceState state, Double left) {
        return new DeviceStatus("iqn.t/lun1", "naa.6001", "LIO,disk", 1 << 20, state, null, left, "120", "failover",
                "immediate", 1, 7, List.of(
                        new PathStatus("eth1->198.18.0.2:3260", "eth1", "198.18.0.2:3260", "LUN 1", PathState.FAILED,
                                "gone", "800000000001", 0, 3, 0, false),
                        new PathStatus("eth2->198.18.1.2:3260", "eth2", "198.18.1.2:3260", "LUN 1", PathState.ACTIVE,
                                null, "800000000002", 5, 0, 2, true)));
    }

    private static String scrape(List<DeviceStatus> status) throws Exception {
        MetricsRegistry registry = new MetricsRegistry();
        MultipathMetrics.register(registry, () -> status);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        registry.writeText(out);
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void deviceAndPathStatesFailoversAndTheCountdownAreExposed() throws Exception {
        String text = scrape(List.of(device(DeviceState.QUEUEING, 12.5)));
        assertTrue(text.contains("lunbridge_device_state{lun=\"iqn.t/lun1\",state=\"QUEUEING\"} 1.0"), text);
        assertTrue(text.contains("lunbridge_device_state{lun=\"iqn.t/lun1\",state=\"RUNNING\"} 0.0"), text);
        assertTrue(text.contains("lunbridge_replacement_remaining_seconds{lun=\"iqn.t/lun1\"} 12.5"), text);
        assertTrue(text.contains("lunbridge_failovers{lun=\"iqn.t/lun1\"} 7.0"), text);
        assertTrue(text.contains("lunbridge_io_failure_episodes{lun=\"iqn.t/lun1\"} 1.0"), text);
        assertTrue(text.contains("lunbridge_path_state{lun=\"iqn.t/lun1\",path=\"eth1->198.18.0.2:3260\",state=\"FAILED\"} 1.0"), text);
        assertTrue(text.contains("lunbridge_path_state{lun=\"iqn.t/lun1\",path=\"eth2->198.18.1.2:3260\",state=\"ACTIVE\"} 1.0"), text);
        assertTrue(text.contains("lunbridge_path_failures{lun=\"iqn.t/lun1\",path=\"eth1->198.18.0.2:3260\"} 3.0"), text);
        assertTrue(text.contains("lunbridge_path_in_flight{lun=\"iqn.t/lun1\",path=\"eth2->198.18.1.2:3260\"} 2.0"), text);
    }

    @Test
    void theCountdownIsAbsentWhileRunning() throws Exception {
        String text = scrape(List.of(device(DeviceState.RUNNING, null)));
        assertFalse(text.contains("lunbridge_replacement_remaining_seconds{"), text);
        assertTrue(text.contains("lunbridge_device_state{lun=\"iqn.t/lun1\",state=\"RUNNING\"} 1.0"), text);
    }
}
