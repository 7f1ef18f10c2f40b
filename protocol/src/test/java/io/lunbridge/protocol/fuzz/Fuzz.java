package io.lunbridge.protocol.fuzz;

import java.util.Random;

/**
 * Runs a fuzz property: {@link #tries()} inputs from a {@link Gen}, each drawn from its own seed,
 * and on the first failure an {@link AssertionError} naming that seed and how to replay it.
 *
 * <p>System properties: {@code lunbridge.fuzz.tries} (default {@value #DEFAULT_TRIES}, the short CI
 * run; {@code scripts/fuzz.sh} raises it) and {@code lunbridge.fuzz.seed} (the seed of the first try;
 * without it a fresh one each run). Try {@code i} uses seed {@code first + i × 0x9E3779B97F4A7C15},
 * so a failing try's seed given as {@code lunbridge.fuzz.seed} with one try replays that input.
 */
public final class Fuzz {
    /** Tries per property when {@code lunbridge.fuzz.tries} is not set. */
    public static final int DEFAULT_TRIES = 300;
    private static final long STEP = 0x9E3779B97F4A7C15L;

    private Fuzz() {
    }

    /** A property's check of one input. */
    @FunctionalInterface
    public interface Check<T> {
        void accept(T input) throws Exception;
    }

    /** Tries per property: {@code lunbridge.fuzz.tries}, or {@value #DEFAULT_TRIES}. */
    public static int tries() {
        String s = System.getProperty("lunbridge.fuzz.tries");
        if (s == null || s.isBlank()) {
            return DEFAULT_TRIES;
        }
        int n = Integer.parseInt(s.trim());
        if (n < 1) {
            throw new IllegalArgumentException("lunbridge.fuzz.tries must be at least 1, not " + n);
        }
        return n;
    }

    /** The seed of the first try: {@code lunbridge.fuzz.seed} (decimal or 0x hex), or a fresh one. */
    static long firstSeed() {
        String s = System.getProperty("lunbridge.fuzz.seed");
        if (s == null || s.isBlank()) {
            return new Random().nextLong();
        }
        String t = s.trim();
        return t.startsWith("0x") ? Long.parseUnsignedLong(t.substring(2), 16) : Long.parseLong(t);
    }

    /** Checks {@code check} on {@link #tries()} inputs of {@code gen}. */
    public static <T> void forAll(Gen<T> gen, Check<? super T> check) {
        run(gen, check, firstSeed(), tries());
    }

    static <T> void run(Gen<T> gen, Check<? super T> check, long first, int tries) {
        for (int i = 0; i < tries; i++) {
            long seed = first + i * STEP;
            T input = gen.next(new Random(seed));
            try {
                check.accept(input);
            } catch (Throwable t) {
                String replay = "0x" + Long.toHexString(seed);
                throw new AssertionError("fuzz try " + (i + 1) + " of " + tries + " failed (seed " + replay
                        + "; replay: -Dlunbridge.fuzz.seed=" + replay + " -Dlunbridge.fuzz.tries=1): " + t.getMessage(), t);
            }
        }
    }
}
