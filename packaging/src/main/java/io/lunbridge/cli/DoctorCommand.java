package io.lunbridge.cli;

import io.lunbridge.app.doctor.Doctor;
import io.lunbridge.app.doctor.Finding;
import io.lunbridge.app.doctor.Host;
import io.lunbridge.bridge.kernel.NetlinkDriver;
import io.lunbridge.bridge.kernel.Posix;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code lunbridge doctor}: why this host can or cannot attach, and what to do about it. */
@Command(name = "doctor", mixinStandardHelpOptions = true,
        description = {"Check whether this host can attach LUNs, and say what to fix.",
            "Checks the nbd driver (loaded, available to modprobe, its generic netlink family), /dev/fuse and"
                    + " /dev/loop-control for the FUSE + loop fallback, the Java runtime, root permissions, LVM"
                    + " tools, the initiator name, interface settings that break multi-interface paths (rp_filter,"
                    + " arp_ignore, arp_announce) and the socket buffer limits (net.core.rmem_max/wmem_max,"
                    + " tcp_rmem/tcp_wmem). Each line is OK, or WARN/FAIL with a fix.",
            "Exit status 0 when attach can work (WARN lines allowed), 1 when it cannot."})
final class DoctorCommand implements Callable<Integer> {
    @Option(names = "--config-dir", paramLabel = "DIR",
            description = "Configuration directory (default: $LUNBRIDGE_CONFIG_DIR or /etc/lunbridge)")
    Path configDir;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Path dir = ConfigDirectory.locate(configDir, System.getenv("LUNBRIDGE_CONFIG_DIR"));
        Host host = Host.running(() -> NetlinkDriver.available(Posix.load()));
        Doctor.Report report = new Doctor(host, dir.resolve("initiatorname"), DoctorCommand::readName).examine();
        PrintWriter out = spec.commandLine().getOut();
        for (Finding f : report.findings()) {
            out.println(f.line());
        }
        out.flush();
        return report.attachPossible() ? 0 : 1;
    }

    private static String readName(Path file) {
        try {
            return ConfigDirectory.parseNameFile(file, Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
