package io.lunbridge.protocol.fuzz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The in-house fuzz runner: a failure names its seed, and that seed replays the same input. */
class FuzzReplayTest {
    private static final Gen<byte[]> GEN = Mutations.mutated(List.of(HexFormat.of().parseHex("0102030405060708090a"),
            HexFormat.of().parseHex("ffff0000")), 64);

    @Test
    void aFailureNamesTheSeedThatReplaysItsInput() {
        List<byte[]> seen = new ArrayList<>();
        AssertionError e = assertThrows(AssertionError.class, () -> Fuzz.run(GEN, b -> {
            seen.add(b);
            if (seen.size() == 37) {
                throw new IllegalStateException("boom");
            }
        }, 42, 300));
        assertTrue(e.getMessage().startsWith("fuzz try 37 of 300 failed (seed 0x"), e.getMessage());
        assertTrue(e.getMessage().endsWith("-Dlunbridge.fuzz.tries=1): boom"), e.getMessage());
        Matcher m = Pattern.compile("seed=0x([0-9a-f]+)").matcher(e.getMessage());
        assertTrue(m.find(), e.getMessage());
        List<byte[]> replayed = new ArrayList<>();
        Fuzz.run(GEN, replayed::add, Long.parseUnsignedLong(m.group(1), 16), 1);
        assertArrayEquals(seen.get(36), replayed.get(0));
    }

    @Test
    void triesDifferAndStayWithinTheMaximumLength() {
        List<String> inputs = new ArrayList<>();
        Fuzz.run(GEN, b -> {
            assertTrue(b.length <= 64, "length " + b.length);
            inputs.add(HexFormat.of().formatHex(b));
        }, 7, 300);
        assertEquals(300, inputs.size());
        assertTrue(inputs.stream().distinct().count() > 200, "distinct inputs: " + inputs.stream().distinct().count());
        assertNotEquals(inputs.get(0), inputs.get(1));
    }
}
