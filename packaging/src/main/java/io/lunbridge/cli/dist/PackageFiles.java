package io.lunbridge.cli.dist;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The Debian control files and documents made from the templates of {@code deb/src/deb}: each
 * {@code @VERSION@} becomes the package version and each {@code @UNITS@} the names of the systemd
 * units found in the checkout's {@code systemd/} directory (every {@code *.service},
 * {@code *.target} and {@code *.socket}; none is fine), so the maintainer scripts register exactly
 * the units the package ships.
 */
final class PackageFiles {
    /** Control files that are data, not maintainer scripts: written without the executable bit. */
    private static final Set<String> DATA_FILES = Set.of("control", "triggers");

    private final Path templates;
    private final String version;
    private final List<String> units;

    PackageFiles(Path templates, Path systemdDir, String version) throws IOException {
        this.templates = templates;
        this.version = version;
        this.units = units(systemdDir);
    }

    /** Unit file names in {@code dir}, sorted; empty when the directory does not exist. */
    static List<String> units(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(Files::isRegularFile).map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".service") || n.endsWith(".target") || n.endsWith(".socket"))
                    .sorted().toList();
        }
    }

    List<String> units() {
        return units;
    }

    String fill(String template) {
        return template.replace("@VERSION@", version).replace("@UNITS@", String.join(" ", units));
    }

    /** Writes control/ (control, maintainer scripts) and usr/share/doc/lunbridge/ under {@code root}. */
    void write(Path root) throws IOException {
        Path control = Files.createDirectories(root.resolve("control"));
        try (Stream<Path> files = Files.list(templates.resolve("control"))) {
            for (Path t : files.sorted().toList()) {
                Path out = control.resolve(t.getFileName().toString());
                Files.writeString(out, fill(Files.readString(t, StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
                out.toFile().setExecutable(Files.isExecutable(t) || !DATA_FILES.contains(t.getFileName().toString()), false);
            }
        }
        Path doc = root.resolve("usr/share/doc/lunbridge");
        DistFiles.gzip(doc.resolve("changelog.gz"), fill(Files.readString(templates.resolve("changelog"))));
        DistFiles.text(doc.resolve("copyright"), Files.readString(templates.resolve("copyright")));
    }
}
