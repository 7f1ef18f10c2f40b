package io.lunbridge.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code lunbridge mpio set}: changes multipath settings of running processes. */
@Command(name = "mpio", mixinStandardHelpOptions = true, description = "Change multipath settings of running processes.",
        subcommands = MpioCommand.Set.class)
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
            for (Path socket : ControlClient.sockets(control)) {
                String a = ControlClient.ask(socket, "set replacement-timeout " + replacementTimeout
                        + (device == null ? "" : " " + device)).trim();
                if (a.startsWith("ok: ")) {
                    spec.commandLine().getOut().println(socket + ": " + a.substring(4));
                    done++;
                } else if (device == null || !a.contains("no device")) {
                    spec.commandLine().getErr().println("lunbridge: error: " + socket + ": " + a.replaceFirst("^error: ", ""));
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
}
