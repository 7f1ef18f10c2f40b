package io.lunbridge.protocol.text;

import java.util.Base64;

/**
 * Binary values of iSCSI text (RFC 7143 §6.1): {@code 0x}-prefixed hexadecimal or
 * {@code 0b}-prefixed base64 (prefix case-insensitive). Used by CHAP_C and CHAP_R; we emit hex.
 */
public final class BinaryValue {
    private BinaryValue() {
    }

    /**
     * Decodes a hex or base64 binary value. An odd number of hex digits means an implied leading 0.
     *
     * @param key the key the value belongs to, for the error message
     * @throws TextFormatException naming the key and the value
     */
    public static byte[] decode(String key, String value) {
        if (value.length() < 3 || value.charAt(0) != '0') {
            throw new TextFormatException(key + "=" + value + " is not a binary value (0x<hex> or 0b<base64>)");
        }
        char kind = Character.toLowerCase(value.charAt(1));
        String body = value.substring(2);
        if (kind == 'x') {
            String digits = body.length() % 2 == 1 ? "0" + body : body;
            byte[] out = new byte[digits.length() / 2];
            for (int i = 0; i < out.length; i++) {
                int hi = Character.digit(digits.charAt(2 * i), 16);
                int lo = Character.digit(digits.charAt(2 * i + 1), 16);
                if (hi < 0 || lo < 0) {
                    throw new TextFormatException(key + "=" + value + " contains a non-hex digit");
                }
                out[i] = (byte) (hi << 4 | lo);
            }
            return out;
        }
        if (kind == 'b') {
            try {
                return Base64.getDecoder().decode(body);
            } catch (IllegalArgumentException e) {
                throw new TextFormatException(key + "=" + value + " is not valid base64: " + e.getMessage());
            }
        }
        throw new TextFormatException(key + "=" + value + " is not a binary value (0x<hex> or 0b<base64>)");
    }

    /** Encodes as {@code 0x} followed by lower-case hex digits. */
    public static String encodeHex(byte[] bytes) {
        StringBuilder sb = new StringBuilder(2 + bytes.length * 2).append("0x");
        for (byte b : bytes) {
            sb.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
        }
        return sb.toString();
    }
}
