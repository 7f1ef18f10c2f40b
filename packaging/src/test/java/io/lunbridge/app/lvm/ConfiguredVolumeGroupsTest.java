package io.lunbridge.app.lvm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.lunbridge.app.status.Json;
import io.lunbridge.app.store.LunAllowList;
import io.lunbridge.app.store.Startup;
import io.lunbridge.app.store.StartupPolicy;
import io.lunbridge.app.store.StoredPortal;
import io.lunbridge.app.store.StoredTarget;
import io.lunbridge.app.store.VolumeGroups;
import io.lunbridge.protocol.naming.IscsiName;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** The configured VGs of {@code status}: the stderr warnings and the {@code --json} list from one vgs run. */
class ConfiguredVolumeGroupsTest {
    static StoredTarget target(String suffix, String vgs) {
        return new StoredTarget(IscsiName.parse("iqn.2026-12.io.lunbridge.test:" + suffix), Optional.empty(), false,
                VolumeGroups.parse(vgs), OptionalInt.empty(), Optional.empty(), List.of(StoredPortal.of("198.18.0.2", 3260)),
                Optional.empty(), new StartupPolicy(Startup.AUTOMATIC, LunAllowList.parse("all")));
    }

    @Test
    void eachConfiguredVgWithItsAutoactivationAndWarning() {
        Lvm lvm = new Lvm(args -> new LvmResult(0, "  datavg enabled\n  logvg\n  other enabled\n", ""));
        ConfiguredVolumeGroups c = ConfiguredVolumeGroups.of(List.of(target("a", "datavg,logvg"), target("b", "gonevg")),
                lvm);
        String warning = "volume group datavg (target iqn.2026-12.io.lunbridge.test:a) would still auto-activate at boot;"
                + " run 'lunbridge vg prepare datavg' (vgchange --setautoactivation n)";
        assertEquals(List.of(warning), c.warnings());
        assertEquals(List.of(warning), AutoactivationWarnings.of(List.of(target("a", "datavg,logvg"), target("b",
                "gonevg")), lvm), "the stderr warnings are the same text");
        assertEquals("[{\"target\":\"iqn.2026-12.io.lunbridge.test:a\",\"name\":\"datavg\",\"autoactivation\":true,"
                + "\"warning\":\"" + warning + "\"},"
                + "{\"target\":\"iqn.2026-12.io.lunbridge.test:a\",\"name\":\"logvg\",\"autoactivation\":false,\"warning\":null},"
                + "{\"target\":\"iqn.2026-12.io.lunbridge.test:b\",\"name\":\"gonevg\",\"autoactivation\":null,"
                + "\"warning\":null}]", Json.write(c.json()));
    }

    @Test
    void withoutLvmEveryVgSaysWhyItsAutoactivationIsUnknownAndNoVgRunsNothing() {
        Lvm missing = new Lvm(args -> {
            throw new IOException("No such file");
        });
        ConfiguredVolumeGroups c = ConfiguredVolumeGroups.of(List.of(target("a", "datavg")), missing);
        String why = "cannot check whether the configured volume groups auto-activate at boot: vgs --noheadings -o "
                + "vg_name,autoactivation: No such file";
        assertEquals(List.of(why), c.warnings());
        assertEquals("[{\"target\":\"iqn.2026-12.io.lunbridge.test:a\",\"name\":\"datavg\",\"autoactivation\":null,"
                + "\"warning\":\"" + why + "\"}]", Json.write(c.json()));
        Lvm never = new Lvm(args -> {
            throw new AssertionError("vgs run without a configured VG");
        });
        assertEquals("[]", Json.write(ConfiguredVolumeGroups.of(List.of(target("b", "")), never).json()));
    }
}
