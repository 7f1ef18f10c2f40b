package io.lunbridge.bridge.nbd.options;

/** Option, option-reply and information type values of fixed newstyle negotiation (proto.md "Values"). */
public final class OptionCodes {
    /** 'IHAVEOPT', the magic before every option and in the greeting. */
    public static final long IHAVEOPT = 0x49484156454F5054L;
    /** Magic before every option reply. */
    public static final long REPLY_MAGIC = 0x3e889045565a9L;

    public static final int OPT_EXPORT_NAME = 1;
    public static final int OPT_ABORT = 2;
    public static final int OPT_LIST = 3;
    public static final int OPT_STARTTLS = 5;
    public static final int OPT_INFO = 6;
    public static final int OPT_GO = 7;
    public static final int OPT_STRUCTURED_REPLY = 8;
    public static final int OPT_LIST_META_CONTEXT = 9;
    public static final int OPT_SET_META_CONTEXT = 10;

    public static final int REP_ACK = 1;
    public static final int REP_SERVER = 2;
    public static final int REP_INFO = 3;
    public static final int REP_META_CONTEXT = 4;
    public static final int REP_ERR_UNSUP = 0x80000001;
    public static final int REP_ERR_POLICY = 0x80000002;
    public static final int REP_ERR_INVALID = 0x80000003;
    public static final int REP_ERR_UNKNOWN = 0x80000006;
    public static final int REP_ERR_SHUTDOWN = 0x80000007;
    public static final int REP_ERR_TOO_BIG = 0x80000009;

    public static final int INFO_EXPORT = 0;
    public static final int INFO_NAME = 1;
    public static final int INFO_DESCRIPTION = 2;
    public static final int INFO_BLOCK_SIZE = 3;

    /** The one metadata context this server offers. */
    public static final String BASE_ALLOCATION = "base:allocation";

    private OptionCodes() {
    }
}
