package io.lunbridge.app.daemon;

import io.lunbridge.app.control.ControlReply;
import io.lunbridge.app.control.ControlRequest;
import io.lunbridge.app.status.MultipathVerbs;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The daemon's control-socket verbs, the same protocol as attach and serve:
 * <ul>
 *   <li>{@code status}: a line with the daemon's state and STATUS, then per target its startup
 *       policy, devices, uses, its volume groups ({@code vg NAME activated}, {@code vg NAME refused:
 *       why}) and {@link MultipathVerbs}' device lines; {@code status json}: one
 *       object per target (as attach writes one for its target), comma-separated on one line, so
 *       that {@code lunbridge status --json} lists each target as a process entry;</li>
 *   <li>{@code set replacement-timeout ...}: for the devices of every target;</li>
 *   <li>{@code disable-queueing}: {@link MultipathVerbs}' verb for the devices of every target;</li>
 *   <li>{@code detach}: refused, naming how to remove a target from the daemon (the store and a reload).</li>
 * </ul>
 */
public final class DaemonVerbs {
    private DaemonVerbs() {
    }

    public static Map<String, Function<ControlRequest, ControlReply>> of(Daemon daemon) {
        return Map.of("status", r -> status(daemon, r), "set", r -> set(daemon, r), "detach", r -> refuseDetach(),
                "disable-queueing", r -> disableQueueing(daemon));
    }

    static ControlReply status(Daemon daemon, ControlRequest r) {
        boolean json = r.has("json");
        List<String> data = new ArrayList<>();
        List<String> objects = new ArrayList<>();
        if (!json) {
            data.add("daemon " + ProcessHandle.current().pid() + " state " + daemon.state() + ": " + daemon.statusLine());
            daemon.failedTargets().forEach((n, why) -> data.add("target " + n + " not attached: " + why));
        }
        for (AttachedTarget t : daemon.targets()) {
            ControlReply devices = verbs(t).get("status").apply(r);
            if (devices.status() != ControlReply.Status.OK) {
                return devices;
            }
            if (json) {
                objects.add(String.join("", devices.data()));
                continue;
            }
            data.add("");
            data.add("target " + t.stored().name() + " " + t.stored().startup());
            for (Path d : t.devices()) {
                data.add("device " + d);
            }
            for (String u : t.uses()) {
                data.add("use " + u);
            }
            data.addAll(daemon.volumeGroupLines(t.stored().name()));
            data.addAll(devices.data());
        }
        if (json) {
            return new ControlReply(ControlReply.Status.OK, "json", objects.isEmpty() ? List.of()
                    : List.of(String.join(",", objects)));
        }
        return new ControlReply(ControlReply.Status.OK, "text", data);
    }

    static ControlReply disableQueueing(Daemon daemon) {
        List<String> done = new ArrayList<>();
        for (AttachedTarget t : daemon.targets()) {
            ControlReply one = verbs(t).get("disable-queueing").apply(new ControlRequest("disable-queueing", List.of()));
            if (one.status() != ControlReply.Status.OK) {
                return one;
            }
            if (!one.message().equals(MultipathVerbs.NONE_QUEUEING)) {
                done.add(one.message());
            }
        }
        return ControlReply.ok(done.isEmpty() ? MultipathVerbs.NONE_QUEUEING : String.join("; ", done));
    }

    static ControlReply set(Daemon daemon, ControlRequest r) {
        List<String> done = new ArrayList<>();
        for (AttachedTarget t : daemon.targets()) {
            ControlReply one = verbs(t).get("set").apply(r);
            if (one.status() == ControlReply.Status.ERROR) {
                return one;
            }
            if (one.status() == ControlReply.Status.OK) {
                done.add(one.message());
            }
        }
        if (done.isEmpty()) {
            return ControlReply.refused("no such device in the daemon (" + ProcessHandle.current().pid() + ")");
        }
        return ControlReply.ok(String.join("; ", done));
    }

    private static Map<String, Function<ControlRequest, ControlReply>> verbs(AttachedTarget t) {
        return MultipathVerbs.of("daemon", t.stored().name().value(), t.units());
    }

    private static ControlReply refuseDetach() {
        return ControlReply.refused("this device belongs to the lunbridge daemon (process "
                + ProcessHandle.current().pid() + "): set its target's startup=manual or its luns= with "
                + "'lunbridge target set', then reload the daemon (systemctl reload lunbridge, or kill -HUP)");
    }
}
