package io.lunbridge.app.status;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The LVM physical volumes of the host and their volume groups, as {@code pvs --noheadings -o
 * pv_name,vg_name} lists them, for {@code status}. Tolerant: without lvm2 (no {@code pvs}), or when
 * {@code pvs} fails or hangs, the list is empty and {@link #problem()} says why; status never fails
 * because of LVM. Parsing is pure ({@link #parse}).
 *
 * @param volumes every physical volume found
 * @param problem why the list may be incomplete, if it may
 */
public record VolumeGroups(List<PhysicalVolume> volumes, Optional<String> problem) {
    private static final long TIMEOUT_SECONDS = 10;

    /**
     * One physical volume.
     *
     * @param pv the device, e.g. /dev/loop3 or /dev/loop3p1
     * @param vg its volume group, or "" when it belongs to none
     */
    public record PhysicalVolume(String pv, String vg) {
    }

    public VolumeGroups {
        volumes = List.copyOf(volumes);
    }

    /** Nothing known (e.g. nothing is attached, so pvs is not worth running). */
    public static final VolumeGroups NONE = new VolumeGroups(List.of(), Optional.empty());

    /** Runs {@code pvs} (at most 10 s). */
    public static VolumeGroups read() {
        ProcessBuilder pb = new ProcessBuilder("pvs", "--noheadings", "-o", "pv_name,vg_name");
        pb.environment().put("LVM_SUPPRESS_FD_WARNINGS", "1");
        pb.redirectErrorStream(false);
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            return new VolumeGroups(List.of(), Optional.of("lvm2 is not installed (no pvs): volume groups not shown"));
        }
        try {
            p.getOutputStream().close();
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return new VolumeGroups(List.of(), Optional.of("pvs gave no answer within " + TIMEOUT_SECONDS + " s"));
            }
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            VolumeGroups parsed = parse(out);
            if (p.exitValue() != 0) {
                return new VolumeGroups(parsed.volumes(), Optional.of("pvs exited with " + p.exitValue()
                        + (err.isEmpty() ? "" : ": " + err.lines().findFirst().orElse(""))));
            }
            return parsed;
        } catch (IOException e) {
            return new VolumeGroups(List.of(), Optional.of("pvs: " + e.getMessage()));
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            return new VolumeGroups(List.of(), Optional.of("interrupted while pvs ran"));
        }
    }

    /** Parses {@code pvs --noheadings -o pv_name,vg_name} output: "  /dev/loop3 vg0" per line, VG empty for none. */
    public static VolumeGroups parse(String text) {
        List<PhysicalVolume> found = new ArrayList<>();
        for (String line : text.split("\n")) {
            String[] f = line.strip().split("\\s+");
            if (f.length == 0 || f[0].isEmpty() || !f[0].startsWith("/")) {
                continue;
            }
            found.add(new PhysicalVolume(f[0], f.length > 1 ? f[1] : ""));
        }
        return new VolumeGroups(found, Optional.empty());
    }

    /** The physical volumes on {@code device} itself or on one of its partitions (/dev/loop3p1, /dev/nbd0p2). */
    public List<PhysicalVolume> on(String device) {
        if (device == null) {
            return List.of();
        }
        // a name ending in a digit takes "p" before the partition number (loop3p1, not loop31)
        String partitions = java.util.regex.Pattern.quote(device) + (Character.isDigit(device.charAt(device.length() - 1))
                ? "p[0-9]+" : "[0-9]+");
        return volumes.stream().filter(v -> v.pv().equals(device) || v.pv().matches(partitions)).toList();
    }
}
