package io.lunbridge.cli;

import io.lunbridge.app.control.ControlClient;
import io.lunbridge.app.control.ControlReply;
import io.lunbridge.app.control.ControlRequest;
import io.lunbridge.app.fsck.NeedsFsckStatus;
import io.lunbridge.app.metrics.MetricsControl;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code lunbridge status}: targets, sessions, devices and paths of the running daemon and the
 * {@code serve} and {@code attach} processes, read from their control sockets (the daemon's at
 * /run/lunbridge/control/daemon.sock, the others' beside it); like {@code multipath -ll}, or JSON with {@code --json};
 * with {@code --metrics}, their metrics in the Prometheus text format (the control request
 * {@code metrics}, so no metrics endpoint is needed). It warns when a volume group the store
 * configures would still auto-activate at boot ({@link VolumeGroupStatus}).
 */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Show the targets, sessions, devices and paths of the running lunbridge daemon and processes "
                + "(like multipath -ll with iscsiadm -m session -P 1).")
final class StatusCommand implements Callable<Integer> {
    @Option(names = "--control", paramLabel = "PATH", description = "Ask only this control socket")
    Path control;

    @Option(names = "--json", description = "One JSON object {\"processes\": [...]} for scripts")
    boolean json;

    @Option(names = "--metrics", description = "Print the metrics of the processes in the Prometheus text format "
            + "(the families of every process merged; names in docs/metrics.md)")
    boolean metrics;

    /** Where the 'needs fsck' flags are read from (also when no process runs). */
    @picocli.CommandLine.Mixin
    StoreOption store;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (metrics) {
            if (json) {
                throw new IllegalArgumentException("--metrics and --json: choose one");
            }
            return metrics();
        }
        PrintWriter out = spec.commandLine().getOut();
        List<String> answers = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        for (Path socket : ControlSockets.of(control)) {
            try {
                ControlReply a = ControlClient.send(socket, new ControlRequest("status", json ? List.of("json") : List.of()));
                if (a.status() != ControlReply.Status.OK) {
                    errors.add(socket + ": " + a.message());
                } else {
                    answers.add(String.join("\n", a.data()));
                }
            } catch (java.io.IOException e) {
                errors.add(e.getMessage() + " (a process that ended may have left it behind)");
            }
        }
        NeedsFsckStatus flags = needsFsck();
        io.lunbridge.app.lvm.ConfiguredVolumeGroups vgs = VolumeGroupStatus.read(store.path(),
                io.lunbridge.app.lvm.Lvm.system(), spec.commandLine().getErr());
        if (json) {
            out.println("{\"processes\":[" + String.join(",", answers) + "],\"needsFsck\":" + flags.json()
                    + ",\"volumeGroups\":" + io.lunbridge.app.status.Json.write(vgs.json()) + "}");
        } else {
            if (answers.isEmpty() && errors.isEmpty()) {
                out.println("no lunbridge daemon, serve or attach process is running");
            } else if (!answers.isEmpty()) {
                out.println(String.join("\n\n", answers));
            }
            if (!flags.flags().isEmpty()) {
                out.println((answers.isEmpty() ? "" : "\n") + String.join("\n", flags.lines()));
            }
        }
        out.flush();
        for (String e : errors) {
            spec.commandLine().getErr().println("lunbridge: warning: " + e);
        }
        VolumeGroupStatus.warn(vgs, spec.commandLine().getErr());
        return errors.isEmpty() || !answers.isEmpty() ? 0 : 1;
    }

    /** The 'needs fsck' flags of the store; none (and a warning) when it cannot be read. */
    private NeedsFsckStatus needsFsck() {
        try {
            return NeedsFsckStatus.read(store.path());
        } catch (RuntimeException e) {
            spec.commandLine().getErr().println("lunbridge: warning: 'needs fsck' flags not shown: " + e.getMessage());
            return new NeedsFsckStatus(List.of());
        }
    }

    /** {@code --metrics}: the text of every process (merged), or exit status 1 when none answers. */
    private int metrics() throws java.io.IOException {
        List<MetricsControl.Exposition> answers = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        for (Path socket : ControlSockets.of(control)) {
            try {
                ControlReply a = ControlClient.send(socket, new ControlRequest(MetricsControl.VERB, List.of()));
                if (a.status() != ControlReply.Status.OK) {
                    errors.add(socket + ": " + a.message());
                } else {
                    String file = socket.getFileName().toString();
                    answers.add(new MetricsControl.Exposition(file.endsWith(".sock")
                            ? file.substring(0, file.length() - ".sock".length()) : file, a.data()));
                }
            } catch (java.io.IOException e) {
                errors.add(e.getMessage() + " (a process that ended may have left it behind)");
            }
        }
        PrintWriter err = spec.commandLine().getErr();
        for (String e : errors) {
            err.println("lunbridge: warning: " + e);
        }
        if (answers.isEmpty()) {
            err.println("lunbridge: no lunbridge serve or attach process " + (errors.isEmpty() ? "is running"
                    : "answered") + ": no metrics to print");
            err.flush();
            return 1;
        }
        err.flush();
        PrintWriter out = spec.commandLine().getOut();
        out.print(MetricsControl.merge(answers));
        out.flush();
        return 0;
    }
}
