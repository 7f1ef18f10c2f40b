package io.lunbridge.it.harness;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The kernel log ({@code dmesg}) from a point on: {@link #mark()} remembers the timestamp of the
 * last line, {@link #linesSince()} returns the lines logged after it (by their {@code [seconds]}
 * stamp, so the ring buffer's older lines never count).
 */
public final class KernelLog {
    private static final Pattern STAMP = Pattern.compile("^\\[\\s*(\\d+\\.\\d+)\\]");

    private final double after;

    private KernelLog(double after) {
        this.after = after;
    }

    /** Marks now: later {@link #linesSince()} calls return only lines logged from here on. */
    public static KernelLog mark() {
        List<String> lines = all();
        double last = 0;
        for (String line : lines) {
            last = Math.max(last, stamp(line));
        }
        return new KernelLog(last);
    }

    /** The lines logged after the mark, in order. */
    public List<String> linesSince() {
        return all().stream().filter(l -> stamp(l) > after).toList();
    }

    /** dmesg's lines; refused when none carries a timestamp (printk.time=0), as nothing could be ordered. */
    private static List<String> all() {
        List<String> lines = ProcessRunner.run("dmesg").stdout().lines().toList();
        if (!lines.isEmpty() && lines.stream().allMatch(l -> stamp(l) < 0)) {
            throw new HarnessException("dmesg lines carry no [seconds] timestamp (printk.time=0?): the kernel log "
                    + "cannot be read from a point on");
        }
        return lines;
    }

    private static double stamp(String line) {
        Matcher m = STAMP.matcher(line);
        return m.find() ? Double.parseDouble(m.group(1)) : -1;
    }
}
