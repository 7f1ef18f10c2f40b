package io.lunbridge.protocol.fuzz;

import java.util.List;
import java.util.Random;
import java.util.function.Function;

/**
 * A generator of fuzz inputs: a pure function of a seeded {@link Random}, so the same seed gives
 * the same input and a failure can be replayed from its seed alone (see {@link Fuzz}).
 *
 * <p>Written in-house (about a page, with {@link Mutations} and {@link Fuzz}) instead of using a
 * property-testing library: the one served here, jqwik, asks that AI agents not use it.
 *
 * @param <T> the input type
 */
@FunctionalInterface
public interface Gen<T> {
    /** The next input, drawn only from {@code random}. */
    T next(Random random);

    /** This generator's inputs passed through {@code f}. */
    default <R> Gen<R> map(Function<? super T, ? extends R> f) {
        return r -> f.apply(next(r));
    }

    /** One of {@code values}, uniformly. */
    @SafeVarargs
    static <T> Gen<T> of(T... values) {
        List<T> list = List.of(values);
        return r -> list.get(r.nextInt(list.size()));
    }

    /** An input of one of {@code gens}, each chosen with equal probability. */
    @SafeVarargs
    static <T> Gen<T> oneOf(Gen<? extends T>... gens) {
        List<Gen<? extends T>> list = List.of(gens);
        return r -> list.get(r.nextInt(list.size())).next(r);
    }

    /** A length in 0..{@code max}: half the time short (at most 32), so edge sizes come up often. */
    static int length(Random r, int max) {
        return r.nextBoolean() ? r.nextInt(Math.min(max, 32) + 1) : r.nextInt(max + 1);
    }

    /** Random byte arrays of 0..{@code maxLength} bytes. */
    static Gen<byte[]> bytes(int maxLength) {
        return r -> {
            byte[] b = new byte[length(r, maxLength)];
            r.nextBytes(b);
            return b;
        };
    }

    /**
     * Strings of 0..{@code maxLength} chars of any kind: ASCII, controls, Latin-1, any BMP char
     * (lone surrogates included) and supplementary characters as surrogate pairs.
     */
    static Gen<String> strings(int maxLength) {
        return r -> {
            int n = length(r, maxLength);
            StringBuilder s = new StringBuilder(n);
            while (s.length() < n) {
                switch (r.nextInt(5)) {
                    case 0 -> s.append((char) (0x20 + r.nextInt(0x5f)));
                    case 1 -> s.append((char) r.nextInt(0x20));
                    case 2 -> s.append((char) r.nextInt(0x100));
                    case 3 -> s.append((char) r.nextInt(0x10000));
                    default -> s.appendCodePoint(s.length() + 2 <= n ? 0x10000 + r.nextInt(0x100000) : 'x');
                }
            }
            return s.toString();
        };
    }

    /** Strings of 0..{@code maxLength} chars drawn from {@code chars}. */
    static Gen<String> strings(String chars, int maxLength) {
        return r -> {
            int n = length(r, maxLength);
            StringBuilder s = new StringBuilder(n);
            for (int i = 0; i < n; i++) {
                s.append(chars.charAt(r.nextInt(chars.length())));
            }
            return s.toString();
        };
    }
}
