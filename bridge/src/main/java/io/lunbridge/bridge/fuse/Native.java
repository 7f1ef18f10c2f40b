package io.lunbridge.bridge.fuse;

import jnr.ffi.LibraryLoader;
import jnr.ffi.Runtime;

/** Loads {@link LibC} and reads errno (kept out of the interface, which jnr-ffi binds method by method). */
final class Native {
    private Native() {
    }

    /** Loads libc. */
    static LibC load() {
        return LibraryLoader.create(LibC.class).load("c");
    }

    /** errno of the last call on this thread. */
    static int errno(LibC libc) {
        return Runtime.getRuntime(libc).getLastError();
    }
}
