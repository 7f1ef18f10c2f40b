package io.lunbridge.app.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Every bound of lunbridge.conf, one byte under and one over. */
class ConfigurationBoundsTest {
    private static List<String> errors(String content) {
        return assertThrows(Configuration.ConfigurationException.class, () -> Configuration.parse("c", content)).errors();
    }

    @Test
    void valueOf4096BytesIsReadAnd4097IsRefusedWithLengthAndLimit() {
        String servers = ("198.18.0.1,".repeat(373) + "198.18.0.10").substring(0, 4096);
        assertEquals(4096, servers.length());
        assertEquals(servers, Configuration.parse("c", "isns.servers = " + servers + "\n").get(ConfigKey.ISNS_SERVERS));
        assertEquals(List.of("c:1: isns.servers: value too long (4097 bytes, at most 4096)"),
                errors("isns.servers = " + servers + "1\n"));
    }

    @Test
    void blanksAroundTheValueAndTheCommentDoNotCount() {
        String value = "v".repeat(4096);
        assertEquals(value, Configuration.parse("c", "slp.scopes =   " + value + "   # " + "c".repeat(100_000) + "\n")
                .get(ConfigKey.SLP_SCOPES));
    }

    @Test
    void multiByteCharactersCountTheirBytes() {
        assertEquals(List.of("c:1: slp.scopes: value too long (4098 bytes, at most 4096)"),
                errors("slp.scopes = " + "é".repeat(2049) + "\n"));
    }

    @Test
    void keyOver64BytesIsAnUnknownKeyQuotedAsAnExcerpt() {
        String key = "session." + "k".repeat(57);
        assertEquals(65, key.length());
        String error = errors(key + " = 1\n").get(0);
        assertTrue(error.startsWith("c:1: unknown key '" + key.substring(0, 64) + "…' (known keys: "), error);
    }

    @Test
    void lineWithoutEqualsIsQuotedAsAnExcerpt() {
        assertEquals(List.of("c:1: expected 'key = value', found '" + "w".repeat(64) + "…'"),
                errors("w".repeat(10_000) + "\n"));
    }

    @Test
    void errorsStopAfterTheLimit() {
        List<String> errors = errors("nonsense\n".repeat(Configuration.MAX_ERRORS + 10));
        assertEquals(Configuration.MAX_ERRORS + 1, errors.size());
        assertEquals("c: stopped after 100 errors", errors.get(errors.size() - 1));
    }
}
