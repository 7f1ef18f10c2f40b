package io.lunbridge.mpio;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.lunbridge.protocol.scsi.TargetPortGroups;
import io.lunbridge.protocol.testing.StateIdiom;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The one state-machine idiom holds over the multipath module (see {@code StateIdiom}). */
class StateIdiomTest {
    @Test
    void everyMachineOfTheMultipathModuleUsesTheSharedIdiom() throws Exception {
        assertEquals(List.of(), StateIdiom.violations(DeviceState.class, "io/lunbridge/",
                Set.of(DeviceState.class, PathState.class), Set.of(TargetPortGroups.State.class)));
    }
}
