package io.lunbridge.it.mpio;

import io.lunbridge.it.harness.TargetHostExtension;
import io.lunbridge.it.nbd.ServeProcess;
import io.lunbridge.it.nbd.TmpfsDir;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * How the multipath tests start {@code lunbridge serve}: a private configuration directory whose
 * lunbridge.conf sets a short keepalive (NOP-Out every {@link #KEEPALIVE_INTERVAL_S} s, dead after
 * {@link #KEEPALIVE_TIMEOUT_S} s more, so a pulled link is noticed in seconds), a private control
 * socket, and the options of docs/MPIO-CONTRACT (repeatable {@code --portal} and {@code --iface},
 * {@code --replacement-timeout}).
 *
 * @param work   the tmpfs work directory (NBD socket, etc/, control socket)
 * @param serve  the running server
 */
record MpioServe(Path work, ServeProcess serve) {
    static final int KEEPALIVE_INTERVAL_S = 1;
    static final int KEEPALIVE_TIMEOUT_S = 2;

    /** What to start: target, paths and multipath options. */
    static final class Options {
        private final String target;
        private final String initiator;
        private final List<String> portals = new ArrayList<>();
        private final List<String> ifaces = new ArrayList<>();
        private final List<String> extra = new ArrayList<>();
        private String replacementTimeout;
        private boolean control = true;

        Options(String target, String initiator) {
            this.target = target;
            this.initiator = initiator;
        }

        Options portal(String portal) {
            portals.add(portal);
            return this;
        }

        Options iface(String iface) {
            ifaces.add(iface);
            return this;
        }

        Options replacementTimeout(String seconds) {
            replacementTimeout = seconds;
            return this;
        }

        /** Leaves out {@code --control} (for today's single-path serve, which has no such option). */
        Options withoutControl() {
            control = false;
            return this;
        }

        Options extra(String... args) {
            extra.addAll(List.of(args));
            return this;
        }

        List<String> args(Path work) {
            List<String> args = new ArrayList<>(List.of("--target", target, "--initiator-name", initiator));
            portals.forEach(p -> args.addAll(List.of("--portal", p)));
            ifaces.forEach(i -> args.addAll(List.of("--iface", i)));
            if (replacementTimeout != null) {
                args.addAll(List.of("--replacement-timeout", replacementTimeout));
            }
            if (control) {
                args.addAll(List.of("--control", controlSocket(work).toString()));
            }
            args.addAll(extra);
            return args;
        }
    }

    /** Starts serve with {@code options}; work directory and process are closed with the extension's scope. */
    static MpioServe start(TargetHostExtension hosts, Options options) {
        Path work = hosts.register("work dir", new TmpfsDir("lbit-mpio")).path();
        writeConfig(work);
        ServeProcess serve = hosts.register("serve", ServeProcess.start(work, options.args(work)));
        return new MpioServe(work, serve);
    }

    /** Writes etc/lunbridge.conf with the short keepalive into {@code work}. */
    static Path writeConfig(Path work) {
        try {
            Path etc = Files.createDirectories(work.resolve("etc"));
            return Files.writeString(etc.resolve("lunbridge.conf"),
                    "# multipath ITs: notice a dead path within seconds\n"
                            + "session.keepalive-interval = " + KEEPALIVE_INTERVAL_S + "\n"
                            + "session.keepalive-timeout = " + KEEPALIVE_TIMEOUT_S + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write lunbridge.conf under " + work, e);
        }
    }

    static Path controlSocket(Path work) {
        return work.resolve("ctl.sock");
    }

    Path control() {
        return controlSocket(work);
    }

    Path socket() {
        return serve.socket();
    }
}
