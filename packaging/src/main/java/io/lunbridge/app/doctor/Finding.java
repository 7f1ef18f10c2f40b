package io.lunbridge.app.doctor;

import java.util.Objects;
import java.util.Optional;

/**
 * One line of {@code lunbridge doctor}: what was checked, what was found and, unless it is fine,
 * what to do about it.
 *
 * @param status OK, WARN (works, but not as well as it could) or FAIL (this part cannot work)
 * @param subject what was checked, e.g. "nbd module"
 * @param detail what was found
 * @param fix the command or change that mends it; empty for OK
 */
public record Finding(Status status, String subject, String detail, Optional<String> fix) {
    public enum Status { OK, WARN, FAIL }

    public Finding {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(detail, "detail");
        Objects.requireNonNull(fix, "fix");
        if (status != Status.OK && fix.isEmpty()) {
            throw new IllegalArgumentException(subject + ": a " + status + " finding needs a fix");
        }
    }

    static Finding ok(String subject, String detail) {
        return new Finding(Status.OK, subject, detail, Optional.empty());
    }

    static Finding warn(String subject, String detail, String fix) {
        return new Finding(Status.WARN, subject, detail, Optional.of(fix));
    }

    static Finding fail(String subject, String detail, String fix) {
        return new Finding(Status.FAIL, subject, detail, Optional.of(fix));
    }

    /** "OK   nbd module: loaded" or "WARN ...; fix: ...". */
    public String line() {
        String s = String.format("%-4s %s: %s", status, subject, detail);
        return fix.map(f -> s + "\n     fix: " + f).orElse(s);
    }
}
