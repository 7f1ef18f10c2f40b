package io.lunbridge.cli;

import io.lunbridge.app.control.ControlClient;
import io.lunbridge.app.control.ControlReply;
import io.lunbridge.app.control.ControlRequest;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code lunbridge mpio set|disable-queueing}: changes multipath settings of running processes. */
@Command(name = "mpio", mixinStandardHelpOptions = true, description = "Change multipath settings of running processes.",
        subcommands = {MpioCommand.Set.class, MpioCommand.DisableQueueing.class})
final class MpioCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "missing subcommand: try 'lunbridge mpio set --help'");
    }

    @Command(name = "set", mixinStandardHelpOptions = true,
            description = "Set the replacement timeout of the devices of running serve/attach processes.")
    static final class Set implements Callable<Integer> {
        @Option(names = "--replacement-timeout", required = true, paramLabel = "SECONDS|queue")
        String replacementTimeout;

        @Option(names = "--device", paramLabel = "NAME", description = "Only this device (export name or identity)")
        String device;

        @Option(names = "--control", paramLabel = "PATH", description = "Only this process' control socket")
        Path control;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            io.lunbridge.mpio.ReplacementTimeout.parse(replacementTimeout);
            int failures = 0;
            int done = 0;
            for (Path socket : ControlSockets.of(control)) {
                List<String> args = new java.util.ArrayList<>(List.of("replacement-timeout", replacementTimeout));
                if (device != null) {
                    args.add(device);
                }
                ControlReply a;
                try {
                    a = ControlClient.send(socket, new ControlRequest("set", args));
                } catch (java.io.IOException e) {
                    spec.commandLine().getErr().println("lunbridge: warning: " + e.getMessage());
                    continue;
                }
                if (a.status() == ControlReply.Status.OK) {
                    spec.commandLine().getOut().println(socket + ": " + a.message());
                    done++;
                } else if (device == null || a.status() != ControlReply.Status.REFUSED) {
                    spec.commandLine().getErr().println("lunbridge: error: " + socket + ": " + a.message());
                    failures++;
                }
            }
            if (done == 0 && failures == 0) {
                throw new IllegalArgumentException(device == null ? "no lunbridge serve or attach process is running"
                        : "no running process has device " + device);
            }
            return failures == 0 ? 0 : 1;
        }
    }

    /**
     * {@code lunbridge mpio disable-queueing}: multipathd's {@code disablequeueing maps}. Every
     * device of every running process whose replacement timeout is {@code queue} gets 0, so I/O
     * waiting for a path fails with EIO at once instead of hanging an unmount or the shutdown
     * (lunbridge-queueing.service runs it early in shutdown). No running process is not an error:
     * at shutdown there may be none.
     */
    @Command(name = "disable-queueing", mixinStandardHelpOptions = true,
            description = {"Fail I/O at once instead of queueing forever: every device with replacement timeout"
                    + " 'queue' gets 0 (others are left alone).",
                    "Run early in shutdown by lunbridge-queueing.service; undo with 'mpio set --replacement-timeout queue'."})
    static final class DisableQueueing implements Callable<Integer> {
        @Option(names = "--control", paramLabel = "PATH", description = "Only this process' control socket")
        Path control;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            int failures = 0;
            List<Path> sockets = ControlSockets.of(control);
            if (sockets.isEmpty()) {
                spec.commandLine().getOut().println("no lunbridge process is running: nothing queues");
                return 0;
            }
            for (Path socket : sockets) {
                ControlReply a;
                try {
                    a = ControlClient.send(socket, new ControlRequest("disable-queueing", List.of()));
                } catch (java.io.IOException e) {
                    spec.commandLine().getErr().println("lunbridge: warning: " + e.getMessage());
                    continue;
                }
                if (a.status() == ControlReply.Status.OK) {
                    spec.commandLine().getOut().println(socket + ": " + a.message());
                } else {
                    spec.commandLine().getErr().println("lunbridge: error: " + socket + ": " + a.message());
                    failures++;
                }
            }
            return failures == 0 ? 0 : 1;
        }
    }
}
