package io.lunbridge.protocol.login;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lunbridge.protocol.text.BinaryValue;
import io.lunbridge.protocol.text.TextFormatException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * MD5 CHAP (RFC 1994) vectors. Expected values were computed independently with Python's hashlib:
 * {@code hashlib.md5(bytes([id]) + secret + challenge).hexdigest()}.
 */
class ChapVectorsTest {

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void md5ResponseVectors() {
        byte[] counting = new byte[16];
        for (int i = 0; i < 16; i++) {
            counting[i] = (byte) i;
        }
        assertEquals("0x226dc576c33f04ff9c3a200ffe35f442",
                BinaryValue.encodeHex(ChapMd5.response(1, ascii("secretsecret"), counting)));
        assertEquals("0x052d3d4961f2bee196d02bee4bd0c6c1", BinaryValue.encodeHex(ChapMd5.response(0xa5,
                ascii("lunbridge-secret-1"), BinaryValue.decode("CHAP_C", "0xdeadbeef00112233445566778899aabbccddeeff"))));
        byte[] fortyTwos = new byte[16];
        java.util.Arrays.fill(fortyTwos, (byte) 0x42);
        assertEquals("0xbbb977959fe402b13b02d24cf3782de4",
                BinaryValue.encodeHex(ChapMd5.response(7, ascii("target-secret-22"), fortyTwos)));
    }

    @Test
    void identifierOutOfRangeIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> ChapMd5.response(256, ascii("s"), new byte[1]));
    }

    @Test
    void binaryValuesInHexAndBase64() {
        byte[] expected = {(byte) 0xde, (byte) 0xad, (byte) 0xbe, (byte) 0xef, 0x00, 0x11, 0x22, 0x33, 0x44, 0x55,
            0x66, 0x77, (byte) 0x88, (byte) 0x99, (byte) 0xaa, (byte) 0xbb, (byte) 0xcc, (byte) 0xdd, (byte) 0xee,
            (byte) 0xff};
        assertArrayEquals(expected, BinaryValue.decode("CHAP_C", "0xDEADBEEF00112233445566778899AABBCCDDEEFF"));
        assertArrayEquals(expected, BinaryValue.decode("CHAP_C", "0b3q2+7wARIjNEVWZ3iJmqu8zd7v8="));
        assertArrayEquals(expected, BinaryValue.decode("CHAP_C", "0B3q2+7wARIjNEVWZ3iJmqu8zd7v8="));
        assertArrayEquals(new byte[] {0x0a, (byte) 0xbc}, BinaryValue.decode("CHAP_C", "0xabc"));
        assertEquals("0x00ff10", BinaryValue.encodeHex(new byte[] {0, (byte) 0xff, 0x10}));
    }

    @Test
    void malformedBinaryValuesNameTheKey() {
        assertEquals("CHAP_R=1234 is not a binary value (0x<hex> or 0b<base64>)",
                assertThrows(TextFormatException.class, () -> BinaryValue.decode("CHAP_R", "1234")).getMessage());
        assertEquals("CHAP_C=0x is not a binary value (0x<hex> or 0b<base64>)",
                assertThrows(TextFormatException.class, () -> BinaryValue.decode("CHAP_C", "0x")).getMessage());
        assertEquals("CHAP_C=0x12zz contains a non-hex digit",
                assertThrows(TextFormatException.class, () -> BinaryValue.decode("CHAP_C", "0x12zz")).getMessage());
        assertTrue(assertThrows(TextFormatException.class, () -> BinaryValue.decode("CHAP_C", "0b!!!!"))
                .getMessage().startsWith("CHAP_C=0b!!!! is not valid base64"));
        assertThrows(TextFormatException.class, () -> BinaryValue.decode("CHAP_C", "0q1234"));
    }
}
