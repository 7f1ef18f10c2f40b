package io.lunbridge.app.fsck;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** {@link FsckTools} of the running system: blkid and the checkers from PATH. */
public final class SystemFsckTools implements FsckTools {
    @Override
    public Optional<String> filesystemType(Path device) throws IOException {
        Process p = start(List.of("blkid", "-o", "value", "-s", "TYPE", device.toString()));
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        int exit = await(p, "blkid");
        if (exit == 2 && output.isEmpty()) {
            return Optional.empty(); // blkid: nothing identified
        }
        if (exit != 0) {
            throw new IOException("blkid -o value -s TYPE " + device + " failed (exit " + exit + ")"
                    + (output.isEmpty() ? "" : ": " + io.lunbridge.protocol.input.Excerpt.of(output)));
        }
        return output.isEmpty() ? Optional.empty() : Optional.of(output.lines().findFirst().orElse(""));
    }

    @Override
    public int run(List<String> argv, PrintWriter out) throws IOException {
        Process p = start(argv);
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                out.println("  " + line);
                out.flush();
            }
        }
        return await(p, argv.get(0));
    }

    private static Process start(List<String> argv) throws IOException {
        try {
            return new ProcessBuilder(argv).redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.INHERIT)
                    .start();
        } catch (IOException e) {
            throw new IOException("cannot run " + argv.get(0) + " (is it installed?): " + e.getMessage(), e);
        }
    }

    private static int await(Process p, String what) throws IOException {
        try {
            return p.waitFor();
        } catch (InterruptedException e) {
            p.destroy();
            Thread.currentThread().interrupt();
            throw new IOException(what + " interrupted", e);
        }
    }
}
