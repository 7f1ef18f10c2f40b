package io.lunbridge.bridge.seam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.lunbridge.bridge.nbd.NbdServer;
import io.lunbridge.protocol.testing.StateIdiom;
import io.lunbridge.state.StateMachine;
import io.lunbridge.state.Transitions;
import io.lunbridge.wire.MalformedInputException;
import io.lunbridge.wire.StopAtFirstErrorDecoder;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The one state-machine idiom holds over the bridge (see {@code StateIdiom}): the NBD server's
 * life cycle and the phases of each connection (option haggling, transmission).
 */
class StateIdiomTest {
    @Test
    void everyMachineOfTheBridgeUsesTheSharedIdiom() throws Exception {
        Set<Class<?>> machines = Set.of(Class.forName("io.lunbridge.bridge.nbd.NbdServer$State"),
                Class.forName("io.lunbridge.bridge.nbd.options.OptionNegotiator$State"),
                Class.forName("io.lunbridge.bridge.nbd.transmission.TransmissionHandler$State"));
        assertEquals(List.of(), StateIdiom.violations(NbdServer.class, "io/lunbridge/", machines, Set.of()));
    }

    /**
     * The bridge may use the shared state idiom and decoder base because they, like the seam types,
     * need nothing else of lunbridge.
     */
    @Test
    void theSharedHelpersReferToNothingElseOfLunbridge() throws Exception {
        for (Class<?> c : List.of(StateMachine.class, Transitions.class, MalformedInputException.class,
                StopAtFirstErrorDecoder.class)) {
            String own = c.getPackageName().replace('.', '/') + "/";
            try (InputStream in = c.getResourceAsStream(c.getSimpleName() + ".class")) {
                String text = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1).replace(own, "");
                assertFalse(text.contains("io/lunbridge/"), c + " refers to lunbridge outside " + c.getPackageName());
            }
        }
    }
}
