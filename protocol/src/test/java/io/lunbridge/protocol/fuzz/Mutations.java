package io.lunbridge.protocol.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Inputs for the fuzz properties: random bytes, and mutations of a seed corpus of valid byte
 * vectors (bit flips, boundary bytes, inserted and deleted bytes, cuts, splices of two seeds,
 * extreme values written over 16- and 32-bit length fields in either byte order), which reach the
 * decoders' deep paths that random bytes rarely do.
 */
public final class Mutations {
    private static final byte[] BOUNDARY = {0, 1, 0x7f, (byte) 0x80, (byte) 0xfe, (byte) 0xff};
    private static final long[] EXTREMES = {0, 1, 0x7f, 0x80, 0xff, 0x7fff, 0x8000, 0xffff, 0x7fffffffL, 0x80000000L,
        0xffffffffL};

    private Mutations() {
    }

    /**
     * Of the seeds: one unchanged an eighth of the time, random bytes a quarter, and otherwise one
     * mutated by 1..8 edits.
     */
    public static Gen<byte[]> mutated(List<byte[]> seeds, int maxLength) {
        if (seeds.isEmpty()) {
            throw new IllegalArgumentException("no seeds");
        }
        List<byte[]> corpus = List.copyOf(seeds);
        Gen<byte[]> random = Gen.bytes(maxLength);
        return r -> {
            int pick = r.nextInt(8);
            if (pick == 0) {
                return corpus.get(r.nextInt(corpus.size())).clone();
            }
            if (pick <= 2) {
                return random.next(r);
            }
            return mutate(corpus, r, 1 + r.nextInt(8), maxLength);
        };
    }

    /** {@link #mutated} of text seeds, as their UTF-8 bytes. */
    public static Gen<byte[]> mutatedUtf8(List<String> seeds, int maxLength) {
        return mutated(seeds.stream().map(s -> s.getBytes(StandardCharsets.UTF_8)).toList(), maxLength);
    }

    static byte[] mutate(List<byte[]> corpus, Random random, int edits, int maxLength) {
        byte[] b = corpus.get(random.nextInt(corpus.size())).clone();
        for (int e = 0; e < edits; e++) {
            int kind = b.length == 0 ? 3 : random.nextInt(8);
            int at = b.length == 0 ? 0 : random.nextInt(b.length);
            switch (kind) {
                case 0 -> b[at] ^= (byte) (1 << random.nextInt(8));
                case 1 -> b[at] = BOUNDARY[random.nextInt(BOUNDARY.length)];
                case 2 -> lengthExtreme(b, at, random);
                case 3 -> b = insert(b, at, random, maxLength);
                case 4 -> b = delete(b, at, random);
                case 5 -> b = splice(b, at, corpus.get(random.nextInt(corpus.size())), random, maxLength);
                case 6 -> {
                    int n = Math.min(1 + random.nextInt(4), b.length - at);
                    Arrays.fill(b, at, at + n, random.nextBoolean() ? (byte) 0xff : 0);
                }
                default -> b = Arrays.copyOf(b, at);
            }
        }
        return b;
    }

    /** An extreme value (or the bytes left after {@code at}, ±1) over a 1-, 2- or 4-byte field. */
    private static void lengthExtreme(byte[] b, int at, Random random) {
        int width = Math.min(1 << random.nextInt(3), b.length - at);
        long v = random.nextInt(4) == 0 ? b.length - at - width + random.nextInt(3) - 1 : EXTREMES[random.nextInt(EXTREMES.length)];
        boolean bigEndian = random.nextBoolean();
        for (int i = 0; i < width; i++) {
            int shift = 8 * (bigEndian ? width - 1 - i : i);
            b[at + i] = (byte) (v >>> shift);
        }
    }

    private static byte[] insert(byte[] b, int at, Random random, int maxLength) {
        int n = Math.min(random.nextBoolean() ? 1 : 1 + random.nextInt(64), maxLength - b.length);
        if (n <= 0) {
            return b;
        }
        byte[] ins = new byte[n];
        random.nextBytes(ins);
        byte[] c = new byte[b.length + n];
        System.arraycopy(b, 0, c, 0, at);
        System.arraycopy(ins, 0, c, at, n);
        System.arraycopy(b, at, c, at + n, b.length - at);
        return c;
    }

    private static byte[] delete(byte[] b, int at, Random random) {
        int n = Math.min(random.nextBoolean() ? 1 : 1 + random.nextInt(64), b.length - at);
        byte[] c = new byte[b.length - n];
        System.arraycopy(b, 0, c, 0, at);
        System.arraycopy(b, at + n, c, at, b.length - at - n);
        return c;
    }

    /** The first {@code at} bytes of {@code b} followed by a tail of {@code other}. */
    private static byte[] splice(byte[] b, int at, byte[] other, Random random, int maxLength) {
        int from = other.length == 0 ? 0 : random.nextInt(other.length);
        int n = Math.max(0, Math.min(other.length - from, maxLength - at));
        byte[] c = Arrays.copyOf(b, at + n);
        System.arraycopy(other, from, c, at, n);
        return c;
    }
}
