package io.lunbridge.app.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lunbridge.app.store.LunAllowList;
import io.lunbridge.app.store.Startup;
import io.lunbridge.app.store.StartupPolicy;
import io.lunbridge.app.store.StoredPortal;
import io.lunbridge.app.store.StoredTarget;
import io.lunbridge.app.store.VolumeGroups;
import io.lunbridge.protocol.naming.IscsiName;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class ReloadPlanTest {
    static StoredTarget target(String suffix, String luns) {
        return new StoredTarget(IscsiName.parse("iqn.2026-12.io.lunbridge.test:" + suffix), Optional.empty(), false,
                VolumeGroups.NONE, OptionalInt.empty(), Optional.empty(), List.of(StoredPortal.of("198.18.0.2", 3260)),
                Optional.empty(), new StartupPolicy(Startup.AUTOMATIC, LunAllowList.parse(luns)));
    }

    @Test
    void onlyTargetsAddedRemovedOrChangedAreTouched() {
        StoredTarget a = target("a", "all");
        StoredTarget b = target("b", "1");
        StoredTarget c = target("c", "all");
        StoredTarget bChanged = target("b", "1,2");
        StoredTarget d = target("d", "all");
        ReloadPlan p = ReloadPlan.between(List.of(a, b, c), List.of(a, bChanged, d));
        assertEquals(List.of(b.name(), c.name()), p.detach(), "c removed, b changed");
        assertEquals(List.of(bChanged, d), p.attach(), "b again with its new allow-list, d added");
        assertEquals(List.of(a.name()), p.unchanged());
        assertEquals("detach 2 (iqn.2026-12.io.lunbridge.test:b, iqn.2026-12.io.lunbridge.test:c), attach 2 "
                + "(iqn.2026-12.io.lunbridge.test:b, iqn.2026-12.io.lunbridge.test:d), 1 unchanged", p.describe());
    }

    @Test
    void theSameStoreChangesNothingAndAnEmptyStartAttachesAll() {
        StoredTarget a = target("a", "all");
        assertTrue(ReloadPlan.between(List.of(a), List.of(target("a", "all"))).empty());
        ReloadPlan start = ReloadPlan.between(List.of(), List.of(a));
        assertEquals(List.of(a), start.attach());
        assertEquals(List.of(), start.detach());
    }

    @Test
    void theStatusLineCountsDevicesQueueingAndFailedTargets() {
        assertEquals("1 device, 0 queueing", new DeviceCount(1, 0, 0).line());
        assertEquals("3 devices, 1 queueing, 2 targets not attached", new DeviceCount(3, 1, 2).line());
        assertEquals("0 devices, 0 queueing, 1 target not attached", DeviceCount.of(List.of(), 1).line());
    }
}
