package io.lunbridge.protocol.discovery.targetsfile;

import java.util.Objects;

/**
 * One problem found in a targets file: where, in which field, and what was expected. Rendered as
 * {@code /etc/lunbridge/targets:7:14: PortNumber: expected 1..65535, found '70000'}. Messages about
 * the CHAPSecret field never quote the secret.
 *
 * @param location where the problem starts
 * @param field the field name as IBM documents it (HostNameOrAddress, PortNumber, iSCSIName,
 *     CHAPSecret, CHAPName), or {@code entry} for problems of the whole line
 * @param message what was expected and what was found
 */
public record TargetsFileError(Location location, String field, String message) {

    /** Requires all parts. */
    public TargetsFileError {
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(message, "message");
    }

    @Override
    public String toString() {
        return location + ": " + field + ": " + message;
    }
}
