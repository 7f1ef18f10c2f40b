package io.lunbridge.app.discovery;

import io.lunbridge.protocol.discovery.Portal;
import io.lunbridge.protocol.discovery.targetsfile.TargetsFileEntry;
import io.lunbridge.protocol.discovery.targetsfile.TargetsFileParser;
import io.lunbridge.protocol.login.ChapCredentials;
import io.lunbridge.protocol.login.Secret;
import io.lunbridge.protocol.naming.IscsiName;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The {@code file} method: an AIX-format targets file. A file with any error yields no records at
 * all (never half-applied); the exception lists every error with file:line:column.
 */
public final class TargetsFileDiscovery implements DiscoveryMethod {
    private final Path file;
    private final IscsiName initiator;

    public TargetsFileDiscovery(Path file, IscsiName initiator) {
        this.file = file;
        this.initiator = initiator;
    }

    @Override
    public String name() {
        return "file";
    }

    @Override
    public String where() {
        return file.toString();
    }

    @Override
    public CompletableFuture<List<TargetRecord>> discover() {
        try {
            List<TargetRecord> records = new ArrayList<>();
            for (TargetsFileEntry e : new TargetsFileParser(initiator).parse(file).entries()) {
                Optional<ChapCredentials> chap = e.chapSecret().map(s -> ChapCredentials.oneWay(e.chapName(),
                        Secret.of(s.reveal(), file + ":" + e.location().line())));
                records.add(new TargetRecord(Optional.of(e.target().value()), List.of(new Portal(e.host(), e.port(), -1)),
                        chap, "", List.of(), false, "file " + file + ":" + e.location().line()));
            }
            return CompletableFuture.completedFuture(records);
        } catch (IOException e) {
            // the message already names the file and the problem ("targets file X: no such file")
            return CompletableFuture.failedFuture(new UncheckedIOException(e.getMessage(), e));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }
}
