package io.lunbridge.app.status;

import io.lunbridge.app.control.ControlReply;
import io.lunbridge.app.control.ControlRequest;
import io.lunbridge.mpio.DeviceStatus;
import io.lunbridge.mpio.MultipathDevice;
import io.lunbridge.mpio.ReplacementTimeout;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * The control-socket verbs of a process that serves or attaches multipath devices:
 * <ul>
 *   <li>{@code status} — data lines of {@link StatusRenderer#text}; {@code status json} — one data
 *       line holding {@link StatusRenderer#json};</li>
 *   <li>{@code set replacement-timeout SECONDS|queue [DEVICE]} — for every device or the one named
 *       (export name or identity); {@code refused} when no device has that name;</li>
 *   <li>{@code disable-queueing} — every device whose replacement timeout is {@code queue} gets 0,
 *       so I/O queued without a path fails with EIO at once (multipathd's {@code disablequeueing
 *       maps}, run early in shutdown by lunbridge-queueing.service); the others are left alone.
 *       {@code ok} with the names changed, or "none queueing forever".</li>
 * </ul>
 */
public final class MultipathVerbs {
    private static final long WAIT_SECONDS = 5;
    /** The {@code disable-queueing} answer of a process with no device queueing forever. */
    public static final String NONE_QUEUEING = "none queueing forever";

    private MultipathVerbs() {
    }

    /** The verbs for {@code devices} of process {@code pid} running {@code verb} for {@code target}. */
    public static Map<String, Function<ControlRequest, ControlReply>> of(String verb, String target,
                                                                        List<MultipathDevice> devices) {
        long pid = ProcessHandle.current().pid();
        return Map.of("status", r -> status(r, pid, verb, target, devices), "set", r -> set(r, devices),
                "disable-queueing", r -> disableQueueing(devices));
    }

    /** The device status of {@code devices} (waits for each device's loop, at most 5 s). */
    public static List<DeviceStatus> snapshot(List<MultipathDevice> devices) throws Exception {
        List<CompletableFuture<DeviceStatus>> all = new ArrayList<>();
        for (MultipathDevice d : devices) {
            all.add(d.status());
        }
        List<DeviceStatus> s = new ArrayList<>();
        for (CompletableFuture<DeviceStatus> f : all) {
            s.add(f.get(WAIT_SECONDS, TimeUnit.SECONDS));
        }
        return s;
    }

    static ControlReply status(ControlRequest r, long pid, String verb, String target, List<MultipathDevice> devices) {
        List<DeviceStatus> s;
        try {
            s = snapshot(devices);
        } catch (Exception e) {
            return ControlReply.error("device status unavailable: " + e.getMessage());
        }
        if (r.has("json")) {
            return new ControlReply(ControlReply.Status.OK, "json", List.of(Json.write(StatusRenderer.json(pid, verb, target, s))));
        }
        return new ControlReply(ControlReply.Status.OK, "text", List.of(StatusRenderer.text(pid, verb, target, s).split("\n")));
    }

    static ControlReply disableQueueing(List<MultipathDevice> devices) {
        // every device is asked first, then each answer awaited: one stuck loop must not leave the
        // devices after it queueing forever (this runs early in shutdown)
        List<CompletableFuture<Boolean>> asked = new ArrayList<>();
        for (MultipathDevice d : devices) {
            asked.add(d.disableQueueing());
        }
        List<String> names = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        for (int i = 0; i < devices.size(); i++) {
            try {
                if (asked.get(i).get(WAIT_SECONDS, TimeUnit.SECONDS)) {
                    names.add(devices.get(i).name());
                }
            } catch (Exception e) {
                failed.add(devices.get(i).name() + ": " + (e instanceof TimeoutException
                        ? "no answer from its event loop within " + WAIT_SECONDS + " s" : e.toString()));
            }
        }
        String done = names.isEmpty() ? NONE_QUEUEING : "queueing disabled for " + String.join(", ", names);
        if (!failed.isEmpty()) {
            return ControlReply.error("queueing not disabled: " + String.join("; ", failed) + " (" + done + ")");
        }
        return ControlReply.ok(done);
    }

    static ControlReply set(ControlRequest r, List<MultipathDevice> devices) {
        List<String> a = r.arguments();
        if (a.size() < 2 || !a.get(0).equals("replacement-timeout")) {
            return ControlReply.error("expected: set replacement-timeout SECONDS|queue [DEVICE]");
        }
        ReplacementTimeout t;
        try {
            t = ReplacementTimeout.parse(a.get(1));
        } catch (IllegalArgumentException e) {
            return ControlReply.error(e.getMessage());
        }
        List<String> names = new ArrayList<>();
        try {
            for (MultipathDevice d : devices) {
                if (a.size() < 3 || d.name().equals(a.get(2)) || d.info().identity().map(a.get(2)::equals).orElse(false)) {
                    d.setReplacementTimeout(t).get(WAIT_SECONDS, TimeUnit.SECONDS);
                    names.add(d.name());
                }
            }
        } catch (Exception e) {
            return ControlReply.error("replacement timeout not set: " + e.getMessage());
        }
        if (names.isEmpty()) {
            return ControlReply.refused("no device " + a.get(2) + " in process " + ProcessHandle.current().pid());
        }
        return ControlReply.ok("replacement timeout " + t + " for " + String.join(", ", names));
    }
}
