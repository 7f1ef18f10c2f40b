package io.lunbridge.app.lvm;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The lvm2 commands lunbridge runs, all through one {@link LvmRunner}: which physical volumes a
 * volume group has, activation and deactivation after attach and before detach, and switching
 * boot-time autoactivation off. Volume group names are checked by the caller
 * ({@link io.lunbridge.app.store.VolumeGroups#name}), so they never start with '-'.
 */
public final class Lvm {
    private final LvmRunner runner;

    public Lvm(LvmRunner runner) {
        this.runner = runner;
    }

    /** The host's lvm. */
    public static Lvm system() {
        return new Lvm(ProcessLvmRunner.system());
    }

    /**
     * The PV names of {@code vg} as lvm shows them ({@code pvs --noheadings -o pv_name,vg_name
     * --select vg_name=VG}); empty when no PV of it is visible. A missing PV shows as
     * {@code [unknown]}.
     */
    public List<String> physicalVolumes(String vg) throws LvmException {
        LvmResult r = run(List.of("pvs", "--noheadings", "-o", "pv_name,vg_name", "--select", "vg_name=" + vg));
        List<String> pvs = new ArrayList<>();
        for (String line : r.lines()) {
            String[] f = line.split("\\s+");
            if (f.length == 2 && f[1].equals(vg)) {
                pvs.add(f[0]);
            }
        }
        return pvs;
    }

    /** {@code vgchange -ay VG}. */
    public void activate(String vg) throws LvmException {
        run(List.of("vgchange", "-ay", vg));
    }

    /** {@code vgchange -an VG}. */
    public void deactivate(String vg) throws LvmException {
        run(List.of("vgchange", "-an", vg));
    }

    /** {@code vgchange --setautoactivation n VG} (lvm2 2.03.12+): boot (event activation, -aay) leaves it inactive. */
    public void disableAutoactivation(String vg) throws LvmException {
        run(List.of("vgchange", "--setautoactivation", "n", vg));
    }

    /** Every visible VG and whether it would auto-activate ({@code vgs --noheadings -o vg_name,autoactivation}). */
    public Map<String, Boolean> autoactivation() throws LvmException {
        LvmResult r = run(List.of("vgs", "--noheadings", "-o", "vg_name,autoactivation"));
        Map<String, Boolean> vgs = new LinkedHashMap<>();
        for (String line : r.lines()) {
            String[] f = line.split("\\s+");
            vgs.put(f[0], f.length > 1 && f[1].equals("enabled"));
        }
        return vgs;
    }

    private LvmResult run(List<String> args) throws LvmException {
        String cmd = String.join(" ", args);
        LvmResult r;
        try {
            r = runner.run(args);
        } catch (IOException e) {
            throw new LvmException(cmd + ": " + e.getMessage(), e);
        }
        if (!r.ok()) {
            throw new LvmException(cmd + ": exit " + r.status() + (r.failure().isEmpty() ? "" : ": " + r.failure()));
        }
        return r;
    }
}
