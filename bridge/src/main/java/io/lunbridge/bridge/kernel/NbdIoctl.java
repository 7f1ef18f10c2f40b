package io.lunbridge.bridge.kernel;

/** Request numbers of the nbd driver's ioctl interface (include/uapi/linux/nbd.h: _IO(0xab, n)). */
public final class NbdIoctl {
    public static final long SET_SOCK = 0xab00;
    public static final long SET_BLKSIZE = 0xab01;
    public static final long SET_SIZE = 0xab02;
    public static final long DO_IT = 0xab03;
    public static final long CLEAR_SOCK = 0xab04;
    public static final long CLEAR_QUE = 0xab05;
    public static final long SET_SIZE_BLOCKS = 0xab07;
    public static final long DISCONNECT = 0xab08;
    public static final long SET_TIMEOUT = 0xab09;
    public static final long SET_FLAGS = 0xab0a;

    private NbdIoctl() {
    }
}
