package io.lunbridge.cli;

import io.lunbridge.app.lifecycle.RunDirectory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** The control sockets {@code status} and {@code mpio set} ask: the one given, or every running process'. */
final class ControlSockets {
    private ControlSockets() {
    }

    /** {@code given}, or every socket in /run/lunbridge/control (none: an empty list). */
    static List<Path> of(Path given) throws IOException {
        if (given != null) {
            if (!Files.exists(given)) {
                throw new IllegalArgumentException("control socket " + given + ": no such file (is the process running?)");
            }
            return List.of(given);
        }
        Path dir = RunDirectory.system().control();
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<Path> found = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            s.filter(p -> p.getFileName().toString().endsWith(".sock")).sorted().forEach(found::add);
        }
        return found;
    }
}
