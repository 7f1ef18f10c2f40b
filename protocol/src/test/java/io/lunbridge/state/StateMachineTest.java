package io.lunbridge.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lunbridge.protocol.testing.StateIdiom;
import java.util.List;
import org.apache.logging.log4j.Level;
import org.junit.jupiter.api.Test;

class StateMachineTest {
    enum Light implements Transitions<Light> {
        RED, GREEN, OFF;

        @Override
        public boolean canMoveTo(Light next) {
            return this != OFF && next != this && !(this == GREEN && next == RED);
        }
    }

    @Test
    void aLegalTransitionMovesAndLogsOnceWithItsReason() {
        try (StateIdiom.Capture log = new StateIdiom.Capture()) {
            StateMachine<Light> m = new StateMachine<>("light 1", Light.RED, log.logger);
            m.moveTo(Light.GREEN, "timer");
            assertEquals(Light.GREEN, m.state());
            assertTrue(m.is(Light.GREEN));
            assertEquals(List.of("INFO light 1: RED -> GREEN (timer)"), log.lines());
        }
    }

    @Test
    void anIllegalTransitionIsRefusedNamingMachineStatesAndReason() {
        try (StateIdiom.Capture log = new StateIdiom.Capture()) {
            StateMachine<Light> m = new StateMachine<>("light 1", Light.GREEN, log.logger);
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> m.moveTo(Light.RED, "button"));
            assertEquals("light 1: GREEN -> RED is not allowed (button)", e.getMessage());
            assertEquals(Light.GREEN, m.state());
            assertEquals(List.of(), log.lines());
        }
    }

    @Test
    void moveToIfAllowedLeavesTheStateAndSaysSoAtDebug() {
        try (StateIdiom.Capture log = new StateIdiom.Capture()) {
            StateMachine<Light> m = new StateMachine<>("light 1", Light.OFF, log.logger);
            assertFalse(m.moveToIfAllowed(Light.RED, "power back"));
            assertEquals(Light.OFF, m.state());
            assertEquals(List.of("DEBUG light 1: stays OFF, not -> RED (power back)"), log.lines());
        }
    }

    @Test
    void aMachineMayLogItsTransitionsAtDebug() {
        try (StateIdiom.Capture log = new StateIdiom.Capture()) {
            StateMachine<Light> m = new StateMachine<>("light 1", Light.RED, log.logger, Level.DEBUG);
            assertTrue(m.moveToIfAllowed(Light.OFF, "night"));
            assertEquals(List.of("DEBUG light 1: RED -> OFF (night)"), log.lines());
        }
    }

    @Test
    void theTableCheckPassesForATableTheMachineFollows() {
        assertEquals(List.of(), StateIdiom.tableViolations(Light.class));
    }
}
