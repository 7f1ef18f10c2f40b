package io.lunbridge.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.lunbridge.app.daemon.Daemon;
import io.lunbridge.app.lifecycle.AttachLifecycle;
import io.lunbridge.protocol.testing.StateIdiom;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The one state-machine idiom holds over the application (see {@code StateIdiom}). */
class StateIdiomTest {
    @Test
    void everyMachineOfTheApplicationUsesTheSharedIdiom() throws Exception {
        assertEquals(List.of(), StateIdiom.violations(Daemon.class, "io/lunbridge/",
                Set.of(Daemon.State.class, AttachLifecycle.State.class), Set.of()));
    }
}
