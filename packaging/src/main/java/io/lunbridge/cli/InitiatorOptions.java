package io.lunbridge.cli;

import io.lunbridge.app.config.ConfigKey;
import io.lunbridge.app.config.Configuration;
import io.lunbridge.protocol.initiator.Initiator;
import io.lunbridge.protocol.login.ChapCredentials;
import io.lunbridge.protocol.login.MutualChap;
import io.lunbridge.protocol.login.Secret;
import io.lunbridge.protocol.session.SessionConfig;
import io.lunbridge.protocol.session.SocketBufferPolicy;
import io.lunbridge.protocol.text.OperationalParameters;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Options shared by every verb that talks to a target: who the initiator is, CHAP credentials
 * (secrets only from files, never from the command line), digests, buffers and timeouts.
 */
public final class InitiatorOptions {
    @Mixin
    ConfigDirOption configDir;

    @Option(names = "--initiator-name", paramLabel = "IQN",
            description = "Initiator name (default: generated once and kept in CONFIG_DIR/initiatorname)")
    String initiatorName;

    @Mixin
    ChapFileOptions chapFiles;

    @Option(names = "--header-digest", paramLabel = "LIST",
            description = "HeaderDigest values offered, in preference order: None, CRC32C or e.g. CRC32C,None (default: login.header-digest)")
    String headerDigest;

    @Option(names = "--data-digest", paramLabel = "LIST",
            description = "DataDigest values offered, in preference order (default: login.data-digest)")
    String dataDigest;

    @Option(names = "--socket-buffers", paramLabel = "auto|autotune|BYTES",
            description = "TCP buffer sizing: auto picks the larger of net.core.*mem_max and autotuning (default: socket.buffers)")
    String socketBuffers;

    private static String[] digestList(String value) {
        return java.util.Arrays.stream(value.split(",")).map(String::trim).toArray(String[]::new);
    }

    Path configDirectory() {
        return configDir.configDirectory();
    }

    String resolveInitiatorName() {
        if (initiatorName != null) {
            return io.lunbridge.protocol.naming.IscsiName.parse(initiatorName).value();
        }
        return new ConfigDirectory(configDirectory()).initiatorName();
    }

    Optional<ChapCredentials> chap() {
        if (chapFiles.chapSecretFile == null) {
            if (chapFiles.chapName != null || chapFiles.targetChapName != null || chapFiles.targetChapSecretFile != null) {
                throw new IllegalArgumentException(
                        "--chap-name, --target-chap-name and --target-chap-secret-file need --chap-secret-file");
            }
            return Optional.empty();
        }
        if (chapFiles.targetChapName != null && chapFiles.targetChapSecretFile == null) {
            throw new IllegalArgumentException("--target-chap-name needs --target-chap-secret-file (mutual CHAP)");
        }
        Secret secret = readSecret(chapFiles.chapSecretFile, "--chap-secret-file");
        Optional<MutualChap> mutual = chapFiles.targetChapSecretFile == null ? Optional.empty()
                : Optional.of(new MutualChap(chapFiles.targetChapName, readSecret(chapFiles.targetChapSecretFile, "--target-chap-secret-file")));
        return Optional.of(new ChapCredentials(chapFiles.chapName, secret, mutual));
    }

    private static Secret readSecret(Path file, String option) {
        try {
            return Secret.fromFile(file);
        } catch (IOException e) {
            throw new UncheckedIOException(option + " " + file + ": cannot read the secret: " + e.getMessage(), e);
        }
    }

    /** The configuration file: CONFIG_DIR/lunbridge.conf (all defaults when it does not exist). */
    Configuration configuration() {
        return configDir.configuration();
    }

    Initiator.Settings settings() {
        Configuration config = configuration();
        String name = resolveInitiatorName();
        OperationalParameters proposal = OperationalParameters.defaults()
                .withHeaderDigest(digestList(headerDigest != null ? headerDigest : config.get(ConfigKey.LOGIN_HEADER_DIGEST)))
                .withDataDigest(digestList(dataDigest != null ? dataDigest : config.get(ConfigKey.LOGIN_DATA_DIGEST)));
        SessionConfig session = SessionConfig.defaults()
                .withKeepalive(Duration.ofSeconds(config.integer(ConfigKey.SESSION_KEEPALIVE_INTERVAL)),
                        Duration.ofSeconds(config.integer(ConfigKey.SESSION_KEEPALIVE_TIMEOUT)))
                .withCommandTimeout(Duration.ofSeconds(config.integer(ConfigKey.SESSION_COMMAND_TIMEOUT)));
        Initiator.Settings s = Initiator.Settings.defaults(name).withProposal(proposal).withSession(session);
        return s.withConnect(s.connect().withSocketBuffers(SocketBufferPolicy.parse(
                socketBuffers != null ? socketBuffers : config.get(ConfigKey.SOCKET_BUFFERS))));
    }
}
