package io.lunbridge.app.config;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lunbridge.protocol.fuzz.Fuzz;
import io.lunbridge.protocol.fuzz.FuzzGuard;
import io.lunbridge.protocol.fuzz.Gen;
import io.lunbridge.protocol.fuzz.Mutations;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * lunbridge.conf on random and mutated input: only {@link Configuration.ConfigurationException},
 * whose every line is short (an excerpt, never a whole value), no hang, bounded allocation.
 */
class ConfigurationFuzzTest {
    private static final List<String> SEEDS = List.of(
            "# lunbridge.conf\ndiscovery.policy = file, store, isns\ndiscovery.targets-file = /etc/lunbridge/targets\n",
            "isns.servers = 198.18.0.1:3205, 198.18.0.2\nslp.scopes = DEFAULT\nsession.command-timeout = 30 # s\n",
            "\ufeffsocket.buffers = auto\nlogin.header-digest = CRC32C, None\nnbd.socket-dir = /run/lunbridge\n");
    /** An error line: an excerpt (at most 64 characters, each up to a 4-byte escape) plus the known keys. */
    private static final int BOUND = 350 + String.join(", ", ConfigKey.names()).length();
    @AutoClose
    private final FuzzGuard guard = new FuzzGuard();

    private static Gen<byte[]> conf() {
        return Mutations.mutatedUtf8(SEEDS, 4096);
    }

    @Test
    void anyFileParsesOrListsBoundedErrors() {
        Fuzz.forAll(conf(), b -> {
            String text = new String(b, StandardCharsets.UTF_8);
            guard.check(b, () -> {
                try {
                    Configuration.parse("c", text).render();
                } catch (Configuration.ConfigurationException e) {
                    for (String line : e.errors()) {
                        // an unknown key's line lists every known key: the bound grows with that list only
                        assertTrue(line.length() < BOUND, "bounded: " + line);
                    }
                    throw e;
                }
            }, Configuration.ConfigurationException.class);
        });
    }
}
