package io.lunbridge.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lunbridge.mpio.ReplacementTimeout;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The kernel's timers derived from the replacement timeout: never shorter, overridable, bad values named. */
class KernelTimeoutsTest {
    private static KernelTimeouts derived(String replacement) {
        return KernelTimeouts.of(ReplacementTimeout.parse(replacement), 0, Optional.empty());
    }

    @Test
    void theDeadConnectionTimeoutIsTheReplacementWindowPlusTheMargin() {
        assertEquals(150, derived("120").deadConnSeconds(), "the default replacement timeout");
        assertEquals(90, derived("60").deadConnSeconds());
        assertEquals(30, derived("0").deadConnSeconds(), "0 (fail at once) still gets the margin, never 0 (no wait)");
        assertEquals(0, derived("120").requestSeconds());
        assertEquals("dead-connection timeout 150 s", derived("120").describeDeadConn());
        assertEquals(Optional.empty(), derived("120").warning());
    }

    @Test
    void queueWaitsTheCeilingAndLongWindowsAreCappedAtIt() {
        assertEquals(KernelTimeouts.MAX_SECONDS, derived("queue").deadConnSeconds());
        assertEquals(KernelTimeouts.MAX_SECONDS, derived("31536000").deadConnSeconds());
        assertEquals(KernelTimeouts.MAX_SECONDS, derived(Long.toString(KernelTimeouts.MAX_SECONDS - 1)).deadConnSeconds());
    }

    @Test
    void anOverrideWinsAndOneShorterThanTheWindowIsWarnedAbout() {
        KernelTimeouts longer = KernelTimeouts.of(ReplacementTimeout.parse("120"), 0, Optional.of(600L));
        assertEquals(600, longer.deadConnSeconds());
        assertEquals(Optional.empty(), longer.warning());
        KernelTimeouts shorter = KernelTimeouts.of(ReplacementTimeout.parse("120"), 0, Optional.of(10L));
        assertEquals(10, shorter.deadConnSeconds());
        assertEquals(Optional.of("--dead-conn-timeout 10 is shorter than the replacement timeout 120: if the connection "
                + "to the kernel dies, I/O fails after 10 s"), shorter.warning());
        KernelTimeouts underQueue = KernelTimeouts.of(ReplacementTimeout.QUEUE, 0, Optional.of(3600L));
        assertTrue(underQueue.warning().orElseThrow().contains("shorter than the replacement timeout queue"));
        KernelTimeouts none = KernelTimeouts.of(ReplacementTimeout.parse("120"), 0, Optional.of(0L));
        assertEquals(0, none.deadConnSeconds());
        assertTrue(none.warning().orElseThrow().startsWith("--dead-conn-timeout 0: I/O fails at once"));
    }

    @Test
    void aRequestTimeoutMustBeZeroOrBeyondTheWindowAndTheMargin() {
        assertEquals(151, KernelTimeouts.of(ReplacementTimeout.parse("120"), 151, Optional.empty()).requestSeconds());
        IllegalArgumentException within = assertThrows(IllegalArgumentException.class,
                () -> KernelTimeouts.of(ReplacementTimeout.parse("120"), 150, Optional.empty()));
        assertEquals("--timeout 150: the kernel would shut the device's connection down before lunbridge stops queueing "
                + "I/O (replacement timeout 120 s): use 0 or more than 150 s", within.getMessage());
        IllegalArgumentException queue = assertThrows(IllegalArgumentException.class,
                () -> KernelTimeouts.of(ReplacementTimeout.QUEUE, 30, Optional.empty()));
        assertTrue(queue.getMessage().endsWith("(replacement timeout queue): only 0 is allowed with 'queue'"),
                queue.getMessage());
        assertEquals(0, KernelTimeouts.of(ReplacementTimeout.QUEUE, 0, Optional.empty()).requestSeconds());
    }

    @Test
    void outOfRangeOptionsAreRefusedNamingTheOption() {
        assertEquals("--dead-conn-timeout -1: out of range 0..31536000 seconds", assertThrows(
                IllegalArgumentException.class, () -> KernelTimeouts.checkOptions(0, Optional.of(-1L))).getMessage());
        assertEquals("--dead-conn-timeout 31536001: out of range 0..31536000 seconds", assertThrows(
                IllegalArgumentException.class, () -> KernelTimeouts.checkOptions(0, Optional.of(31_536_001L))).getMessage());
        assertEquals("--timeout -5: out of range 0..4294967 seconds", assertThrows(
                IllegalArgumentException.class, () -> KernelTimeouts.checkOptions(-5, Optional.empty())).getMessage());
        assertEquals("--timeout 4294968: out of range 0..4294967 seconds", assertThrows(
                IllegalArgumentException.class, () -> KernelTimeouts.checkOptions(4_294_968L, Optional.empty())).getMessage());
        KernelTimeouts.checkOptions(0, Optional.of(KernelTimeouts.MAX_SECONDS));
        assertFalse(derived("120").overridden());
    }
}
