package io.lunbridge.app.lifecycle;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What a running {@code lunbridge attach} holds for one LUN, written into its lock file as
 * {@code key=value} lines: the process, the target and LUN, the mode, the local device, the FUSE
 * file and mount directory (fuse-loop only) and the control socket that performs a detach.
 *
 * @param device "/dev/nbd0" or "/dev/loop0"; empty while the device is being attached
 * @param file the LUN's file in the FUSE mount; empty for nbd
 * @param mountDir the FUSE mount directory; empty for nbd
 */
public record AttachmentRecord(long pid, String target, String lun, String mode, String device, String file,
                               String mountDir, String controlSocket) {

    /** The same attachment, now on {@code dev} (and {@code file}). */
    public AttachmentRecord on(String dev, String lunFile) {
        return new AttachmentRecord(pid, target, lun, mode, dev, lunFile, mountDir, controlSocket);
    }

    /** The lock file body. */
    public String format() {
        StringBuilder b = new StringBuilder();
        fields().forEach((k, v) -> b.append(k).append('=').append(v).append('\n'));
        return b.toString();
    }

    private Map<String, String> fields() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("pid", Long.toString(pid));
        m.put("target", target);
        m.put("lun", lun);
        m.put("mode", mode);
        m.put("device", device);
        m.put("file", file);
        m.put("mount-dir", mountDir);
        m.put("control", controlSocket);
        return m;
    }

    /** Parses {@link #format()}'s output; empty if the text is empty or not a record (a torn write). */
    public static Optional<AttachmentRecord> parse(String text) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                m.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        if (!m.containsKey("pid") || !m.containsKey("target") || !m.containsKey("control")) {
            return Optional.empty();
        }
        try {
            return Optional.of(new AttachmentRecord(Long.parseLong(m.get("pid")), m.get("target"),
                    m.getOrDefault("lun", ""), m.getOrDefault("mode", ""), m.getOrDefault("device", ""),
                    m.getOrDefault("file", ""), m.getOrDefault("mount-dir", ""), m.get("control")));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** "LUN 1 of iqn.… as /dev/loop0 (fuse-loop, process 1234)". */
    public String describe() {
        return "LUN " + lun + " of " + target + (device.isEmpty() ? " (being attached" : " as " + device + " (")
                + mode + ", process " + pid + ")";
    }
}
