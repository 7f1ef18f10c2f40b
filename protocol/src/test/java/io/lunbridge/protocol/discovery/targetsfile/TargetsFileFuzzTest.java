package io.lunbridge.protocol.discovery.targetsfile;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lunbridge.protocol.fuzz.Fuzz;
import io.lunbridge.protocol.fuzz.FuzzGuard;
import io.lunbridge.protocol.fuzz.Gen;
import io.lunbridge.protocol.fuzz.Mutations;
import io.lunbridge.protocol.input.InputFileException;
import io.lunbridge.protocol.input.TextSource;
import io.lunbridge.protocol.naming.InvalidIscsiNameException;
import io.lunbridge.protocol.naming.IscsiName;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * Targets files, the UTF-8 text source under them and iSCSI names on random and mutated input:
 * the parser never throws (every problem is a located error in the result), the text source throws
 * only {@link InputFileException}, a name only {@link InvalidIscsiNameException}; no hang, bounded
 * allocation, and no error message longer than its excerpt allows.
 */
class TargetsFileFuzzTest {
    private static final List<String> SEEDS = List.of(
            "# comment\n192.168.3.2 5003 iqn.2001-04.com.ibm:4125-23wwt26\n",
            "10.0.0.1 3260 \\\n  iqn.2026-11.test.lunbridge:d1 \"sec ret\" user1\n",
            "fe80::1 3260 eui.0123456789abcdef \"a # b\\ c\"\r\nstorage-1.example.com 1 naa.0123456789abcdef\n",
            "h 0 iqn.bad \"unterminated\n\ufeffh\t65535\tiqn.2026-11.x:y\n");
    @AutoClose
    private final FuzzGuard guard = new FuzzGuard();
    private final TargetsFileParser parser = new TargetsFileParser(IscsiName.parse("iqn.2026-11.io.lunbridge:h"));

    private static Gen<byte[]> file() {
        return Mutations.mutatedUtf8(SEEDS, 4096);
    }

    private static Gen<String> name() {
        return Gen.oneOf(Gen.strings(300), Gen.strings("iqneuaa.-:0123456789abcdefÄßİﬀ", 240),
                Gen.of("iqn.2026-11.io.lunbridge:x", "eui.0123456789ABCDEF", "naa.0123456789abcdef0123456789abcdef"));
    }

    @Test
    void anyFileParsesToEntriesOrLocatedErrors() {
        Fuzz.forAll(file(), b -> {
            String text = new String(b, StandardCharsets.UTF_8);
            guard.check(b, () -> {
                ParseResult r = parser.parse("t", text);
                for (TargetsFileError e : r.errors()) {
                    // an excerpt is 64 characters, each at most 6 when escaped (\\uNNNN), plus the words around it
                    assertTrue(e.toString().length() < 600, "bounded message: " + e);
                }
            });
        });
    }

    @Test
    void textSourceDecodesOrRefusesAnyBytes() {
        Fuzz.forAll(file(), b -> {
            guard.check(b, () -> {
                try (TextSource in = TextSource.of("t", new ByteArrayInputStream(b), 1024)) {
                    while (in.read() >= 0) {
                        // consume
                    }
                }
            }, InputFileException.class);
        });
    }

    @Test
    void iscsiNameParsesOrRefuses() {
        Fuzz.forAll(name(), s -> {
            guard.check(s.getBytes(StandardCharsets.UTF_8), () -> IscsiName.parse(s), InvalidIscsiNameException.class);
        });
    }
}
