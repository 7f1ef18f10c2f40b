package io.lunbridge.bridge.fuse;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * FUSE request opcodes ({@code enum fuse_opcode} in the kernel's uapi fuse.h) that this one-directory
 * filesystem distinguishes. Opcodes not listed here are answered with ENOSYS.
 */
public enum FuseOpcode {
    LOOKUP(1), FORGET(2), GETATTR(3), SETATTR(4), OPEN(14), READ(15), WRITE(16), STATFS(17),
    RELEASE(18), FSYNC(20), SETXATTR(21), GETXATTR(22), LISTXATTR(23), REMOVEXATTR(24), FLUSH(25),
    INIT(26), OPENDIR(27), READDIR(28), RELEASEDIR(29), FSYNCDIR(30), ACCESS(34), CREATE(35),
    INTERRUPT(36), DESTROY(38), BATCH_FORGET(42), FALLOCATE(43), READDIRPLUS(44), LSEEK(46);

    private static final Map<Integer, FuseOpcode> BY_CODE = new HashMap<>();

    static {
        for (FuseOpcode o : values()) {
            BY_CODE.put(o.code, o);
        }
    }

    private final int code;

    FuseOpcode(int code) {
        this.code = code;
    }

    /** The wire value. */
    public int code() {
        return code;
    }

    /** The opcode for a wire value, empty for opcodes this filesystem does not know. */
    public static Optional<FuseOpcode> of(int code) {
        return Optional.ofNullable(BY_CODE.get(code));
    }
}
