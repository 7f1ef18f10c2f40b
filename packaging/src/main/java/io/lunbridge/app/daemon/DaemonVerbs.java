package io.lunbridge.app.daemon;

import io.lunbridge.app.control.ControlReply;
import io.lunbridge.app.control.ControlRequest;
import io.lunbridge.app.status.Json;
import io.lunbridge.app.status.MultipathVerbs;
import io.lunbridge.app.status.StatusFlags;
import io.lunbridge.app.status.StatusRenderer;
import io.lunbridge.app.status.TargetView;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The daemon's control-socket verbs (the protocol of {@code io.lunbridge.app.control}; grammar in
 * docs/architecture.md, "The daemon"):
 * <ul>
 *   <li>{@code status}: a line with the daemon's state and STATUS, targets not attached, then per
 *       target its {@link TargetView} text (sessions, LUNs with device, size, identity, state and
 *       countdown, paths, PVs, uses, flags) and the daemon's volume groups ({@code vg NAME
 *       activated}, {@code vg NAME refused: why}); {@code status json}: one process entry per target
 *       (and per target not attached, with its {@code error}), comma-separated on one line, so that
 *       {@code lunbridge status --json} lists them in {@code processes};</li>
 *   <li>{@code login IQN}, {@code attach IQN [LUN]}, {@code logout IQN [force]}, {@code detach IQN
 *       [force]}: carried out on the daemon's main thread ({@link TargetRequests});</li>
 *   <li>{@code fsck IQN|DEVICE [repair]}: claimed on the main thread, checked on the request's own
 *       thread ({@link DaemonFsck});</li>
 *   <li>{@code set replacement-timeout ...}: for the devices of every target;</li>
 *   <li>{@code disable-queueing}: {@link MultipathVerbs}' verb for the devices of every target.</li>
 * </ul>
 */
public final class DaemonVerbs {
    private DaemonVerbs() {
    }

    /**
     * The verbs on the running system: status with the "needs fsck" flags of the store file
     * {@code store}, which {@code fsck} also clears.
     */
    public static Map<String, Function<ControlRequest, ControlReply>> of(Daemon daemon, java.nio.file.Path store) {
        return of(daemon, DaemonStatus.system(io.lunbridge.app.fsck.NeedsFsckFlags.of(store)),
                DaemonFsck.system(daemon, store));
    }

    /** The verbs on the running system without a store: no flags, and fsck clears nothing. */
    public static Map<String, Function<ControlRequest, ControlReply>> of(Daemon daemon) {
        return of(daemon, DaemonStatus.system(StatusFlags.NONE));
    }

    public static Map<String, Function<ControlRequest, ControlReply>> of(Daemon daemon, DaemonStatus status) {
        return of(daemon, status, new DaemonFsck(daemon, io.lunbridge.app.lifecycle.DeviceUsage.system(), () -> {
            try {
                return io.lunbridge.app.lifecycle.MountTable.read();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }, new io.lunbridge.app.fsck.SystemFsckTools(), NO_FLAGS));
    }

    /** A flag store that holds nothing (no store given). */
    private static final io.lunbridge.app.fsck.FlagStore NO_FLAGS = new io.lunbridge.app.fsck.FlagStore() {
        @Override
        public boolean flagged(io.lunbridge.protocol.naming.IscsiName target, String lun) {
            return false;
        }

        @Override
        public boolean clear(io.lunbridge.protocol.naming.IscsiName target, String lun) {
            return false;
        }
    };

    static Map<String, Function<ControlRequest, ControlReply>> of(Daemon daemon, DaemonStatus status, DaemonFsck fsck) {
        TargetRequests requests = new TargetRequests(daemon);
        Function<ControlRequest, ControlReply> check = r -> {
            DaemonRequest parsed;
            try {
                parsed = DaemonRequest.parse(r);
            } catch (IllegalArgumentException e) {
                return ControlReply.error(e.getMessage());
            }
            return fsck.carryOut(r.format(), (DaemonRequest.Fsck) parsed);
        };
        Function<ControlRequest, ControlReply> target = r -> {
            DaemonRequest parsed;
            try {
                parsed = DaemonRequest.parse(r);
            } catch (IllegalArgumentException e) {
                return ControlReply.error(e.getMessage());
            }
            return daemon.submit(r.format(), () -> requests.carryOut(parsed));
        };
        return Map.of("status", r -> status(daemon, status, r), "set", r -> set(daemon, r), "login", target,
                "logout", target, "attach", target, "detach", target,
                "disable-queueing", r -> disableQueueing(daemon), "fsck", check);
    }

    static ControlReply status(Daemon daemon, DaemonStatus status, ControlRequest r) {
        boolean json = r.has("json");
        if (r.arguments().size() > 1 || (!r.arguments().isEmpty() && !json)) {
            return ControlReply.error("status: expected 'status' or 'status json', found '" + r.format() + "'");
        }
        long pid = ProcessHandle.current().pid();
        List<String> problems = new ArrayList<>();
        List<TargetView> views;
        try {
            views = status.views(pid, daemon.targets(), t ->
                    daemon.attachedUnstored(t.stored().name()) ? "unstored"
                            : daemon.attachedOnRequest(t.stored().name()) ? "request" : "store", problems);
        } catch (Exception e) {
            return ControlReply.error("device status unavailable: " + e.getMessage());
        }
        if (json) {
            List<String> objects = new ArrayList<>();
            for (TargetView v : views) {
                Map<String, Object> m = new LinkedHashMap<>(StatusRenderer.json(v));
                m.put("volumeGroups", daemon.volumeGroupStates(new io.lunbridge.protocol.naming.IscsiName(v.target())));
                objects.add(Json.write(m));
            }
            daemon.failedTargets().forEach((n, why) -> {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("pid", pid);
                m.put("verb", "daemon");
                m.put("target", n.value());
                m.put("error", why);
                m.put("sessions", List.of());
                m.put("devices", List.of());
                m.put("volumeGroups", List.of());
                objects.add(Json.write(m));
            });
            return new ControlReply(ControlReply.Status.OK, "json", objects.isEmpty() ? List.of()
                    : List.of(String.join(",", objects)));
        }
        List<String> data = new ArrayList<>();
        data.add("daemon " + pid + " state " + daemon.state() + ": " + daemon.statusLine());
        daemon.failedTargets().forEach((n, why) -> data.add("target " + n + " not attached: " + why));
        problems.forEach(p -> data.add("note: " + p));
        for (TargetView v : views) {
            data.add("");
            data.addAll(List.of(StatusRenderer.text(v).split("\n")));
            data.addAll(daemon.volumeGroupLines(new io.lunbridge.protocol.naming.IscsiName(v.target())));
        }
        return new ControlReply(ControlReply.Status.OK, "text", data);
    }

    static ControlReply disableQueueing(Daemon daemon) {
        return disableQueueing(daemon.targets(), t -> MultipathVerbs.of("daemon", t.stored().name().value(), t.units())
                .get("disable-queueing").apply(new ControlRequest("disable-queueing", List.of())));
    }

    /**
     * {@code disable-queueing} for every target, also past one that fails: it runs early in shutdown,
     * where a device left queueing forever hangs the unmount; the answer is an error naming the
     * targets that failed, with what the others did.
     */
    static ControlReply disableQueueing(List<AttachedTarget> targets, Function<AttachedTarget, ControlReply> perTarget) {
        List<String> done = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        for (AttachedTarget t : targets) {
            ControlReply one;
            try {
                one = perTarget.apply(t);
            } catch (RuntimeException e) {
                one = ControlReply.error(e.toString());
            }
            if (one.status() != ControlReply.Status.OK) {
                failed.add(t.stored().name() + ": " + one.message());
            } else if (!one.message().equals(MultipathVerbs.NONE_QUEUEING)) {
                done.add(one.message());
            }
        }
        String doneText = done.isEmpty() ? MultipathVerbs.NONE_QUEUEING : String.join("; ", done);
        if (!failed.isEmpty()) {
            return ControlReply.error(String.join("; ", failed) + " (the other targets: " + doneText + ")");
        }
        return ControlReply.ok(doneText);
    }

    static ControlReply set(Daemon daemon, ControlRequest r) {
        List<String> done = new ArrayList<>();
        for (AttachedTarget t : daemon.targets()) {
            ControlReply one = MultipathVerbs.of("daemon", t.stored().name().value(), t.units()).get("set").apply(r);
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
}
