package io.lunbridge.protocol.discovery.targetsfile;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Thrown when the entries of a targets file that has errors are requested: a file with any error
 * is never applied in part. The message is the error itself when there is one, else a count and
 * every error, one per line; it never holds a secret.
 */
public final class TargetsFileException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient List<TargetsFileError> errors;

    /** Creates the exception for a non-empty list of errors. */
    public TargetsFileException(List<TargetsFileError> errors) {
        super(render(errors));
        this.errors = List.copyOf(errors);
    }

    /** Every error of the file, in file order. */
    public List<TargetsFileError> errors() {
        return errors;
    }

    private static String render(List<TargetsFileError> errors) {
        if (errors.size() == 1) {
            return errors.get(0).toString();
        }
        return errors.size() + (errors.size() == 1 ? " error" : " errors") + " in targets file:\n"
                + errors.stream().map(TargetsFileError::toString).collect(Collectors.joining("\n"));
    }
}
