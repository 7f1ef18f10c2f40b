package io.lunbridge.bridge.fuse;

import io.lunbridge.block.BlockDevice;
import java.util.regex.Pattern;

/**
 * One file of the FUSE filesystem: a LUN, named after its export (e.g. {@code lun1}), as large as
 * the device and read-only when the device is write-protected.
 */
public record FuseFile(String name, BlockDevice device) {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._+:@=-]{1,255}");

    public FuseFile {
        if (name == null || !NAME.matcher(name).matches() || name.equals(".") || name.equals("..")) {
            throw new IllegalArgumentException("FUSE file name '" + name
                    + "': use 1-255 of A-Z a-z 0-9 . _ + : @ = - (not . or ..)");
        }
    }
}
