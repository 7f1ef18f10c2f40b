package io.lunbridge.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The CHAP options every verb that logs in or stores credentials shares. Secrets are only ever
 * read from files (never taken from the command line, where ps and shell history would show them).
 */
final class ChapFileOptions {
    @Option(names = "--chap-name", paramLabel = "NAME", description = "CHAP name (default: the initiator name)")
    String chapName;

    @Option(names = "--chap-secret-file", paramLabel = "FILE",
            description = "File holding the CHAP secret the initiator proves (enables CHAP)")
    Path chapSecretFile;

    @Option(names = "--target-chap-name", paramLabel = "NAME",
            description = "CHAP name the target must present for mutual CHAP (default: any)")
    String targetChapName;

    @Option(names = "--target-chap-secret-file", paramLabel = "FILE",
            description = "File holding the secret the target must prove (enables mutual CHAP)")
    Path targetChapSecretFile;
}
