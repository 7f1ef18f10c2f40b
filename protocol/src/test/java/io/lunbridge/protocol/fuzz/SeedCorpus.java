package io.lunbridge.protocol.fuzz;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Seed inputs read from the captured byte vectors under {@code src/test/resources}: every line of
 * a {@code .hex} file that is nothing but hex digits is one seed (comment and label lines are
 * skipped), as in the SLP and iSNS captures.
 */
public final class SeedCorpus {
    private SeedCorpus() {
    }

    /** The hex lines of the named resources, e.g. {@code "/slp/01-da-discovery.hex"}. */
    public static List<byte[]> hexLines(Class<?> anchor, String... resources) {
        List<byte[]> seeds = new ArrayList<>();
        for (String resource : resources) {
            try (InputStream in = anchor.getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IllegalStateException("no seed resource " + resource);
                }
                for (String line : new String(in.readAllBytes(), StandardCharsets.US_ASCII).split("\n")) {
                    String l = line.trim();
                    if (!l.isEmpty() && l.length() % 2 == 0 && l.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
                        seeds.add(HexFormat.of().parseHex(l));
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        if (seeds.isEmpty()) {
            throw new IllegalStateException("no seeds in " + String.join(", ", resources));
        }
        return seeds;
    }
}
