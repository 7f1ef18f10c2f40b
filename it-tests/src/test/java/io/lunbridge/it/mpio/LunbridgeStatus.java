package io.lunbridge.it.mpio;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lunbridge.it.harness.Command;
import io.lunbridge.it.harness.HarnessException;
import io.lunbridge.it.harness.ProcessResult;
import io.lunbridge.it.harness.ProcessRunner;
import io.lunbridge.it.nbd.ServeProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code lunbridge status --control PATH --json} of a running serve/attach, parsed (the shape of
 * docs/MPIO-CONTRACT's "lunbridge status"): devices with their paths.
 */
final class LunbridgeStatus {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * One path of a device.
     *
     * @param id     the path id
     * @param iface  the iface (null when unbound)
     * @param portal ADDR:PORT
     * @param state  ACTIVE, STANDBY, FAILED, REINSTATING or DISABLED
     * @param reason why it is not usable (null when it is)
     * @param failures how often it failed
     * @param active whether it carries I/O now
     */
    record PathStatus(String id, String iface, String portal, String state, String reason, long failures,
                      boolean active) {
    }

    /**
     * One multipath device (export).
     *
     * @param name     export name IQN/lunN
     * @param identity the LUN identity (VPD 0x83)
     * @param state    RUNNING, QUEUEING or FAILED
     * @param paths    its paths
     */
    record Device(String name, String identity, String state, List<PathStatus> paths) {
    }

    private LunbridgeStatus() {
    }

    /** The devices of the process answering on {@code control}. */
    static List<Device> devices(Path control) {
        ProcessResult r = ProcessRunner.runAllowingFailure(Command.of("java", "-jar", ServeProcess.jar().toString(),
                "status", "--control", control.toString(), "--json"), TIMEOUT);
        if (!r.succeeded()) {
            throw new HarnessException("lunbridge status failed: " + r.describe());
        }
        try {
            List<Device> devices = new ArrayList<>();
            for (JsonNode process : JSON.readTree(r.stdout()).path("processes")) {
                for (JsonNode d : process.path("devices")) {
                    List<PathStatus> paths = new ArrayList<>();
                    for (JsonNode p : d.path("paths")) {
                        paths.add(new PathStatus(text(p, "id"), text(p, "iface"), text(p, "portal"), text(p, "state"),
                                text(p, "reason"), p.path("failures").asLong(-1), p.path("active").asBoolean(false)));
                    }
                    devices.add(new Device(text(d, "name"), text(d, "identity"), text(d, "state"), List.copyOf(paths)));
                }
            }
            return devices;
        } catch (java.io.IOException e) {
            throw new HarnessException("lunbridge status --json printed no JSON: " + e.getMessage() + "\n"
                    + r.describe(), e);
        }
    }

    /** The device named {@code name}. */
    static Device device(Path control, String name) {
        List<Device> all = devices(control);
        return all.stream().filter(d -> d.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no device " + name + " in lunbridge status: " + all));
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }
}
