package io.lunbridge.cli;

import io.lunbridge.app.store.ConfigStore;
import io.lunbridge.app.store.StoredChap;
import io.lunbridge.app.store.StoredPortal;
import io.lunbridge.app.store.StoredTarget;
import io.lunbridge.app.store.VolumeGroups;
import io.lunbridge.protocol.discovery.targetsfile.ChapSecretValue;
import io.lunbridge.protocol.naming.IscsiName;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code lunbridge target add IQN --portal ...}: stores a target (AIX mkiscsi). */
@Command(name = "add", mixinStandardHelpOptions = true,
        description = "Add a target with its portals, CHAP credentials and attach preferences to the store.")
final class TargetAddCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "IQN", description = "The target's iSCSI name")
    String name;

    @Option(names = "--portal", required = true, paramLabel = "HOST[:PORT][,TPGT]",
            description = "A portal of the target (repeatable); port 3260 by default")
    List<String> portals;

    @Option(names = "--iface", paramLabel = "NAME",
            description = "Local interface to log in through, for every portal (repeatable, in preference order)")
    List<String> interfaces = new ArrayList<>();

    @Option(names = "--alias", paramLabel = "TEXT", description = "A label for people")
    String alias;

    @Option(names = "--boot", description = "The target holds a boot or root disk")
    boolean boot;

    @Option(names = {"--volume-group", "--vgs"}, paramLabel = "VG[,VG...]",
            description = "LVM volume groups the daemon activates after attach, in order (repeatable or comma-separated; "
                    + "see also 'lunbridge vg prepare')")
    List<String> volumeGroups = new ArrayList<>();

    @Option(names = "--nbd-index", paramLabel = "N", description = "Preferred /dev/nbdN for the first LUN")
    Integer nbdIndex;

    @Option(names = "--export-name", paramLabel = "NAME", description = "NBD export name for the first LUN")
    String exportName;

    @Mixin
    ChapFileOptions chapFiles;

    @Mixin
    StoreOption store;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        IscsiName target = IscsiName.parse(name);
        List<StoredPortal> stored = new ArrayList<>();
        for (String p : portals) {
            stored.add(PortalSpec.parse(p, interfaces));
        }
        StoredTarget t = new StoredTarget(target, Optional.ofNullable(alias), boot,
                VolumeGroups.parse(String.join(",", volumeGroups)),
                nbdIndex == null ? OptionalInt.empty() : OptionalInt.of(nbdIndex), Optional.ofNullable(exportName),
                stored, chap());
        try (ConfigStore s = store.open()) {
            s.add(t);
        }
        spec.commandLine().getOut().println("added " + target + " (" + stored.size()
                + (stored.size() == 1 ? " portal" : " portals") + ") to " + store.path());
        spec.commandLine().getOut().flush();
        return 0;
    }

    private Optional<StoredChap> chap() {
        if (chapFiles.chapSecretFile == null) {
            if (chapFiles.chapName != null || chapFiles.targetChapName != null || chapFiles.targetChapSecretFile != null) {
                throw new IllegalArgumentException("--chap-name, --target-chap-name and --target-chap-secret-file"
                        + " need --chap-secret-file");
            }
            return Optional.empty();
        }
        if (chapFiles.targetChapName != null && chapFiles.targetChapSecretFile == null) {
            throw new IllegalArgumentException("--target-chap-name needs --target-chap-secret-file");
        }
        ChapSecretValue secret = SecretFiles.read(chapFiles.chapSecretFile, "--chap-secret-file");
        Optional<ChapSecretValue> mutual = chapFiles.targetChapSecretFile == null ? Optional.empty()
                : Optional.of(SecretFiles.read(chapFiles.targetChapSecretFile, "--target-chap-secret-file"));
        return Optional.of(new StoredChap(Optional.ofNullable(chapFiles.chapName), secret, Optional.ofNullable(chapFiles.targetChapName),
                mutual));
    }
}
