package io.lunbridge.protocol.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class SocketBufferPolicyTest {
    @Test
    void autoSetsTheCoreMaximumWhenItExceedsAutotuning() {
        SocketBufferPolicy.Decision d = SocketBufferPolicy.auto().decide(new SocketBufferPolicy.Limits(64 << 20, 6 << 20));
        assertEquals(OptionalInt.of(64 << 20), d.explicitSize());
    }

    @Test
    void autoLeavesAutotuningOnWhenItCanGrowFurther() {
        // This host: net.core.rmem_max 4 MiB, tcp_rmem max 32 MiB.
        SocketBufferPolicy.Decision d = SocketBufferPolicy.auto().decide(new SocketBufferPolicy.Limits(4 << 20, 32 << 20));
        assertEquals(OptionalInt.empty(), d.explicitSize());
        assertTrue(d.explanation().contains("autotuning up to 33554432"), d.explanation());
    }

    @Test
    void explicitAndAutotuneModes() {
        SocketBufferPolicy.Limits l = new SocketBufferPolicy.Limits(4 << 20, 32 << 20);
        assertEquals(OptionalInt.of(2 << 20), SocketBufferPolicy.parse("2m").decide(l).explicitSize());
        assertEquals(OptionalInt.of(65536), SocketBufferPolicy.parse("64k").decide(l).explicitSize());
        assertEquals(OptionalInt.empty(), SocketBufferPolicy.parse("autotune").decide(new SocketBufferPolicy.Limits(64 << 20, 1)).explicitSize());
    }

    @Test
    void badValuesAreRefusedWithTheValue() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SocketBufferPolicy.parse("lots"));
        assertTrue(e.getMessage().contains("'lots'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> SocketBufferPolicy.parse("100"));
        assertTrue(e.getMessage().contains("4096 bytes to 2 GiB"), e.getMessage());
    }

    @Test
    void theKernelsLimitsAreReadWhole() throws Exception {
        // the JDK's Files.readString returned only "4" of 4194304 for these files on this kernel
        String rmem = SocketBufferPolicy.readProc("/proc/sys/net/core/rmem_max").trim();
        assertTrue(rmem.matches("[0-9]+"), rmem);
        String line = new String(java.nio.file.Files.newInputStream(java.nio.file.Path.of("/proc/sys/net/ipv4/tcp_rmem"))
                .readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII).trim();
        assertEquals(line, SocketBufferPolicy.readProc("/proc/sys/net/ipv4/tcp_rmem").trim());
        assertEquals(3, line.split("\\s+").length, line);
        assertEquals(Long.parseLong(line.split("\\s+")[2]), SocketBufferPolicy.receiveLimits().autotuneMax(),
                "the third field of tcp_rmem, not its first digit");
    }
}
