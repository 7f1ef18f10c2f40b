package io.lunbridge.app.lvm;

import java.util.List;

/** What an lvm2 command printed and how it exited. */
public record LvmResult(int status, String stdout, String stderr) {
    public boolean ok() {
        return status == 0;
    }

    /** The non-blank lines of stdout, stripped. */
    public List<String> lines() {
        return stdout.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
    }

    /** stderr's non-blank lines without lvm's WARNING lines, joined with "; " (what went wrong). */
    public String failure() {
        List<String> lines = stderr.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
        List<String> errors = lines.stream().filter(l -> !l.startsWith("WARNING:")).toList();
        return String.join("; ", errors.isEmpty() ? lines : errors);
    }
}
