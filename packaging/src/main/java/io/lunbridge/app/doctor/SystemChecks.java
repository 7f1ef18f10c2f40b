package io.lunbridge.app.doctor;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/** The Java runtime, permissions, LVM tools and the initiator name. */
final class SystemChecks {
    static final int MIN_JAVA = 17;

    private final Host host;
    private final Path nameFile;
    private final Function<Path, String> nameParser;

    /**
     * @param nameFile CONFIG_DIR/initiatorname
     * @param nameParser reads that file's content into a name, or throws IllegalArgumentException
     *     naming the file and line
     */
    SystemChecks(Host host, Path nameFile, Function<Path, String> nameParser) {
        this.host = host;
        this.nameFile = nameFile;
        this.nameParser = nameParser;
    }

    boolean javaOk() {
        return host.javaFeature() >= MIN_JAVA;
    }

    /** The effective user id from /proc/self/status, if readable. */
    Optional<Long> effectiveUid() {
        return host.read("/proc/self/status").flatMap(s -> s.lines().filter(l -> l.startsWith("Uid:")).findFirst())
                .map(l -> l.substring(4).trim().split("\\s+")).filter(f -> f.length >= 2)
                .flatMap(f -> {
                    try {
                        return Optional.of(Long.parseLong(f[1]));
                    } catch (NumberFormatException e) {
                        return Optional.empty();
                    }
                });
    }

    boolean root() {
        return effectiveUid().map(u -> u == 0).orElse(false);
    }

    List<Finding> findings() {
        Finding java = javaOk() ? Finding.ok("Java runtime", "Java " + host.javaFeature())
                : Finding.fail("Java runtime", "Java " + host.javaFeature() + ", lunbridge needs " + MIN_JAVA + " or newer",
                        "apt install default-jre-headless (or openjdk-17-jre-headless)");
        Optional<Long> uid = effectiveUid();
        Finding perms = root() ? Finding.ok("permissions", "running as root")
                : Finding.fail("permissions", uid.map(u -> "running as uid " + u).orElse("cannot read /proc/self/status")
                        + ": attaching devices (nbd netlink, mount of /dev/fuse, loop devices) needs root",
                        "run lunbridge attach as root (sudo) or from its systemd unit");
        Optional<String> lvm = host.firstExisting(List.of("/usr/sbin/lvm", "/sbin/lvm"));
        Finding lvmTools = lvm.map(p -> Finding.ok("LVM tools", p))
                .orElse(Finding.warn("LVM tools", "lvm not found (needed only to activate volume groups on LUNs)",
                        "apt install lvm2"));
        return List.of(java, perms, lvmTools, initiatorName());
    }

    private Finding initiatorName() {
        try {
            Files.readString(nameFile, StandardCharsets.UTF_8);
            return Finding.ok("initiator name", nameParser.apply(nameFile) + " (" + nameFile + ")");
        } catch (NoSuchFileException e) {
            return Finding.warn("initiator name", nameFile + " does not exist yet; one is generated on first use",
                    "lunbridge initiator-name (generates and keeps it)");
        } catch (IOException e) {
            return Finding.fail("initiator name", "cannot read " + nameFile + ": " + e.getMessage(),
                    "check the file's permissions");
        } catch (IllegalArgumentException e) {
            return Finding.fail("initiator name", e.getMessage(),
                    "correct " + nameFile + " (InitiatorName=iqn.YYYY-MM.reversed.domain:name)");
        }
    }
}
