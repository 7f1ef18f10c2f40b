package io.lunbridge.cli;

import io.lunbridge.app.PortalAddress;
import io.lunbridge.app.control.ControlRequest;
import io.lunbridge.app.store.StoredPortal;
import io.lunbridge.protocol.naming.IscsiName;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code lunbridge login IQN [--portal HOST[:PORT] [CHAP options]]}: asks the running daemon to log
 * in to a target and attach the LUNs its allow-list names now, as it does at start for automatic
 * targets; the store is not changed. Without {@code --portal} the target must be stored (the
 * daemon's discovery policy finds its portals and CHAP). With {@code --portal} (open-iscsi's
 * {@code iscsiadm -m node -T IQN -p PORTAL --login} after a discovery) the daemon logs in through that
 * portal, checked with its SendTargets, with the CHAP given here, stored or not; an unstored target
 * is attached on request and never written to the store (not logged in again at boot, left alone
 * by reloads). CHAP secrets only by file: their absolute paths are sent, the daemon reads them.
 * Without a daemon it fails naming the socket, the service and {@code attach}.
 */
@Command(name = "login", mixinStandardHelpOptions = true,
        description = "Have the running daemon log in to a target and attach its allowed LUNs now (the store is not "
                + "changed): a stored target, or with --portal any target the portal lists.")
final class LoginCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "IQN",
            description = "The target: as stored ('lunbridge target list'), or any with --portal")
    String target;

    @Option(names = "--portal", paramLabel = "HOST[:PORT]",
            description = "Log in through this portal (its SendTargets must list the target), the target stored or "
                    + "not; one that is not stored is not written to the store: attached on request, not at boot")
    String portal;

    @Mixin
    ChapFileOptions chap;

    @Mixin
    DaemonControlOption daemon;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        String name = IscsiName.parse(target).value();
        List<String> args = new ArrayList<>(List.of(name));
        if (portal != null) {
            StoredPortal p = PortalSpec.parse(portal, List.of());
            args.add("portal");
            args.add(new PortalAddress(p.host(), p.port()).toString());
            addChap(args);
        } else if (chap.chapSecretFile != null || chap.chapName != null || chap.targetChapName != null
                || chap.targetChapSecretFile != null) {
            throw new IllegalArgumentException("the CHAP options of login go with --portal (a stored target's CHAP is "
                    + "the store's: 'lunbridge target set')");
        }
        Path socket = daemon.socket();
        return DaemonClient.print(DaemonClient.require(socket, new ControlRequest("login", args),
                "or attach in the foreground with 'lunbridge attach --target " + name + "'"), spec.commandLine().getOut());
    }

    /** The CHAP options as words; a secret file by its absolute path (checked readable here, read by the daemon). */
    private void addChap(List<String> args) {
        if (chap.chapSecretFile == null && (chap.chapName != null || chap.targetChapName != null
                || chap.targetChapSecretFile != null)) {
            throw new IllegalArgumentException("--chap-name, --target-chap-name and --target-chap-secret-file need "
                    + "--chap-secret-file");
        }
        word(args, "chap-name", chap.chapName);
        file(args, "chap-secret-file", chap.chapSecretFile);
        word(args, "target-chap-name", chap.targetChapName);
        file(args, "target-chap-secret-file", chap.targetChapSecretFile);
    }

    private static void word(List<String> args, String key, String value) {
        if (value != null) {
            if (value.isBlank() || value.chars().anyMatch(Character::isWhitespace)) {
                throw new IllegalArgumentException("--" + key + " '" + value + "': a CHAP name without blanks expected");
            }
            args.add(key);
            args.add(value);
        }
    }

    private static void file(List<String> args, String key, Path file) {
        if (file != null) {
            Path abs = file.toAbsolutePath().normalize();
            if (!Files.isReadable(abs)) {
                throw new IllegalArgumentException("--" + key + " " + file + ": not a readable file");
            }
            if (abs.toString().chars().anyMatch(Character::isWhitespace)) {
                throw new IllegalArgumentException("--" + key + " " + abs + ": a path with blanks cannot be sent to the "
                        + "daemon; move the file");
            }
            args.add(key);
            args.add(abs.toString());
        }
    }
}
