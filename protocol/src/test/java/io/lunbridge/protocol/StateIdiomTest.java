package io.lunbridge.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.lunbridge.protocol.discovery.isns.IsnsClientState;
import io.lunbridge.protocol.login.LoginStateMachine;
import io.lunbridge.protocol.scsi.TargetPortGroups;
import io.lunbridge.protocol.session.SessionState;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The one state-machine idiom holds over the protocol module (see {@code StateIdiom}). */
class StateIdiomTest {
    @Test
    void everyMachineOfTheProtocolModuleUsesTheSharedIdiom() throws Exception {
        Set<Class<?>> machines = Set.of(LoginStateMachine.Stage.class, SessionState.class, IsnsClientState.class,
                Class.forName("io.lunbridge.protocol.login.ChapAuthenticator$State"),
                Class.forName("io.lunbridge.protocol.discovery.slp.UnicastExchange$State"),
                Class.forName("io.lunbridge.protocol.discovery.slp.MulticastConvergence$State"));
        assertEquals(List.of(), io.lunbridge.protocol.testing.StateIdiom.violations(SessionState.class,
                "io/lunbridge/", machines, Set.of(TargetPortGroups.State.class)));
    }
}
