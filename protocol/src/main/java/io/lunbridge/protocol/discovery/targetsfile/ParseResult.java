package io.lunbridge.protocol.discovery.targetsfile;

import java.util.List;

/**
 * The outcome of parsing one targets file: every error found, and the entries, which can only be
 * obtained when there is no error. This makes applying half of a broken file impossible, while still
 * letting a caller (for example {@code lunbridge config check}) show every problem at once.
 */
public final class ParseResult {
    private final List<TargetsFileEntry> entries;
    private final List<TargetsFileError> errors;

    ParseResult(List<TargetsFileEntry> entries, List<TargetsFileError> errors) {
        this.entries = List.copyOf(entries);
        this.errors = List.copyOf(errors);
    }

    /** True when the file has no error and its entries may be applied. */
    public boolean isValid() {
        return errors.isEmpty();
    }

    /** Every error, in file order; empty for a valid file. */
    public List<TargetsFileError> errors() {
        return errors;
    }

    /**
     * The entries of a valid file, in file order.
     *
     * @throws TargetsFileException listing every error, when the file has any
     */
    public List<TargetsFileEntry> entries() {
        if (!errors.isEmpty()) {
            throw new TargetsFileException(errors);
        }
        return entries;
    }
}
