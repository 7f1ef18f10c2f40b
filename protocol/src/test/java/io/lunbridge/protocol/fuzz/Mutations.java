package io.lunbridge.protocol.fuzz;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * Inputs for the fuzz properties: random bytes, and mutations of a seed corpus of valid byte
 * vectors (flipped, overwritten, inserted and deleted bytes, cuts, boundary values written over
 * length fields), which reach the decoders' deep paths that random bytes rarely do.
 */
public final class Mutations {
    private static final byte[] BOUNDARY = {0, 1, 0x7f, (byte) 0x80, (byte) 0xfe, (byte) 0xff};

    private Mutations() {
    }

    /** Random byte arrays of 0..{@code maxLength} bytes. */
    public static Arbitrary<byte[]> randomBytes(int maxLength) {
        return Arbitraries.bytes().array(byte[].class).ofMinSize(0).ofMaxSize(maxLength);
    }

    /** Mutations of the seeds, 1..8 edits each, half the time mixed with plain random bytes. */
    public static Arbitrary<byte[]> mutated(List<byte[]> seeds, int maxLength) {
        Arbitrary<byte[]> seed = Arbitraries.of(seeds);
        Arbitrary<byte[]> mutated = Combinators.combine(seed, Arbitraries.longs(), Arbitraries.integers().between(1, 8))
                .as((s, r, n) -> mutate(s, new java.util.Random(r), n, maxLength));
        return Arbitraries.oneOf(mutated, mutated, seed, randomBytes(maxLength));
    }

    /** {@link #mutated} of text seeds, as their UTF-8 bytes. */
    public static Arbitrary<byte[]> mutatedUtf8(List<String> seeds, int maxLength) {
        return mutated(seeds.stream().map(s -> s.getBytes(java.nio.charset.StandardCharsets.UTF_8)).toList(), maxLength);
    }

    static byte[] mutate(byte[] seed, java.util.Random random, int edits, int maxLength) {
        byte[] b = seed.clone();
        for (int e = 0; e < edits; e++) {
            int kind = random.nextInt(6);
            if (b.length == 0) {
                kind = 3;
            }
            int at = b.length == 0 ? 0 : random.nextInt(b.length);
            switch (kind) {
                case 0:
                    b[at] ^= (byte) (1 << random.nextInt(8));
                    break;
                case 1:
                    b[at] = BOUNDARY[random.nextInt(BOUNDARY.length)];
                    break;
                case 2: {
                    int n = Math.min(1 + random.nextInt(4), b.length - at);
                    byte fill = random.nextBoolean() ? (byte) 0xff : 0;
                    for (int i = 0; i < n; i++) {
                        b[at + i] = fill;
                    }
                    break;
                }
                case 3: {
                    if (b.length >= maxLength) {
                        break;
                    }
                    byte[] c = new byte[b.length + 1];
                    System.arraycopy(b, 0, c, 0, at);
                    c[at] = (byte) random.nextInt(256);
                    System.arraycopy(b, at, c, at + 1, b.length - at);
                    b = c;
                    break;
                }
                case 4: {
                    byte[] c = new byte[b.length - 1];
                    System.arraycopy(b, 0, c, 0, at);
                    System.arraycopy(b, at + 1, c, at, b.length - at - 1);
                    b = c;
                    break;
                }
                default:
                    b = java.util.Arrays.copyOf(b, at);
            }
        }
        return b;
    }
}
