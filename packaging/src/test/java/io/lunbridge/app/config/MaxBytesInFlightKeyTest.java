package io.lunbridge.app.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.lunbridge.bridge.nbd.NbdServerConfig;
import java.util.List;
import org.junit.jupiter.api.Test;

/** nbd.max-bytes-in-flight: default, suffixes, bounds, and errors that name file, line, key and value. */
class MaxBytesInFlightKeyTest {
    private static long parsed(String value) {
        return Configuration.parse("c", "nbd.max-bytes-in-flight = " + value + "\n").maxBytesInFlight();
    }

    private static List<String> errors(String value) {
        return assertThrows(Configuration.ConfigurationException.class,
                () -> Configuration.parse("c", "nbd.max-bytes-in-flight = " + value + "\n")).errors();
    }

    @Test
    void defaultIsTheBridgesDefault() {
        assertEquals(NbdServerConfig.DEFAULT_MAX_BYTES_IN_FLIGHT, Configuration.parse("c", "").maxBytesInFlight());
    }

    @Test
    void suffixesAreBinaryMultiples() {
        assertEquals(8L << 20, parsed("8388608"));
        assertEquals(64L << 10, parsed("64k"));
        assertEquals(16L << 20, parsed("16M"));
        assertEquals(1L << 30, parsed("1g"));
        assertEquals(4096, parsed("4k"));
        assertEquals(4L << 30, parsed("4g"));
    }

    @Test
    void outOfRangeAndGarbageAreRefusedNamingLineKeyAndValue() {
        assertEquals(List.of("c:1: nbd.max-bytes-in-flight: expected 4096..4294967296 bytes, found '4095'"), errors("4095"));
        assertEquals(List.of("c:1: nbd.max-bytes-in-flight: expected 4096..4294967296 bytes, found '5g'"), errors("5g"));
        assertEquals(List.of("c:1: nbd.max-bytes-in-flight: expected a size in bytes (e.g. 8m, 65536k, 8388608), "
                + "found '8 MiB'"), errors("8 MiB"));
        assertEquals(List.of("c:1: nbd.max-bytes-in-flight: expected 4096..4294967296 bytes, found '-1m'"), errors("-1m"));
    }
}
