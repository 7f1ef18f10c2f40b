package io.lunbridge.app.lvm;

import java.io.IOException;
import java.util.List;

/**
 * Runs one lvm2 command ({@code args} start with the command: {@code vgchange -ay VG}). The real
 * one is {@link ProcessLvmRunner}; unit tests give a fake that answers from a script.
 */
@FunctionalInterface
public interface LvmRunner {
    /**
     * @return the exit status and output; a non-zero status is not an exception here
     * @throws IOException when the command cannot be run at all (no lvm, a timeout)
     */
    LvmResult run(List<String> args) throws IOException;
}
