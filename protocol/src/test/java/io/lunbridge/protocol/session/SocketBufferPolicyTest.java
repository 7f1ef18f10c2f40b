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
}
