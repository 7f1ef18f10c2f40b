package io.lunbridge.bridge.fuse;

/**
 * The few libc calls the FUSE server needs, through jnr-ffi. Buffers are passed as native addresses
 * ({@code long}), which is what the 64-bit Linux ABI uses for pointers. Loaded by {@link Native}.
 * Public only because jnr-ffi generates its implementation in another class loader; not an API.
 */
public interface LibC {
    int O_RDWR = 2;
    int O_NONBLOCK = 0x800;
    int O_CLOEXEC = 0x80000;
    long MS_NOSUID = 2;
    long MS_NODEV = 4;
    int MNT_DETACH = 2;
    int PR_SET_IO_FLUSHER = 57;
    int EPERM = 1;
    int ENOENT = 2;
    int EINTR = 4;
    int EAGAIN = 11;
    int EBUSY = 16;
    int ENODEV = 19;
    int EINVAL = 22;

    int open(String path, int flags);

    int close(int fd);

    long read(int fd, long buffer, long count);

    long writev(int fd, long iov, int iovcnt);

    int mount(String source, String target, String fsType, long flags, String data);

    int umount2(String target, int flags);

    int prctl(int option, long arg2, long arg3, long arg4, long arg5);
}
