package io.lunbridge.protocol.login;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The CHAP response function of RFC 1994 §4.1 with MD5 (CHAP_A=5): R = MD5(identifier || secret ||
 * challenge). A pure function.
 */
public final class ChapMd5 {
    /** The CHAP_A value for MD5. */
    public static final int ALGORITHM = 5;

    private ChapMd5() {
    }

    /**
     * Computes the 16-byte response.
     *
     * @param identifier CHAP_I, 0..255
     * @param secret the secret's bytes
     * @param challenge CHAP_C's bytes
     */
    public static byte[] response(int identifier, byte[] secret, byte[] challenge) {
        if (identifier < 0 || identifier > 255) {
            throw new IllegalArgumentException("CHAP identifier " + identifier + " out of range 0..255");
        }
        MessageDigest md5;
        try {
            md5 = MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is required of every Java platform", e);
        }
        md5.update((byte) identifier);
        md5.update(secret);
        md5.update(challenge);
        return md5.digest();
    }

    static byte[] response(int identifier, Secret secret, byte[] challenge) {
        return response(identifier, secret.bytes(), challenge);
    }
}
