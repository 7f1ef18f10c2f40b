package io.lunbridge.app.daemon;

import io.lunbridge.app.control.ControlRequest;
import io.lunbridge.protocol.naming.IscsiName;
import java.util.List;
import java.util.Optional;

/**
 * The target verbs of the daemon's control socket, parsed; a malformed request is an
 * {@link IllegalArgumentException} naming the verb, the argument and what was expected (answered
 * with {@code error}).
 *
 * <pre>
 * login IQN                  log in and attach the LUNs the store allows (the store is not changed)
 * login IQN portal HOST[:PORT] [chap-name N] [chap-secret-file PATH] [target-chap-name N]
 *       [target-chap-secret-file PATH]
 *                            log in through that portal (checked with its SendTargets), the target stored
 *                            or not (an unstored one is not written to the store); the secrets are read
 *                            from the files by the daemon, never sent
 * attach IQN [LUN]           the same; with LUN, only that LUN
 * logout IQN [force]         detach the target's devices and log out; force: fence (EIO) and detach even in use
 * detach IQN [force]         the same (what {@code lunbridge detach --target IQN} sends)
 * detach IQN lun N [force]   detach only LUN N's device, keeping the session and the other LUNs (what
 *                            {@code lunbridge detach DEVICE} sends for a daemon device); the last LUN logs out
 * fsck IQN|DEVICE [repair]   check the filesystems of the target's LUNs (or of the one attached as DEVICE),
 *                            read-only; with repair, repair what the check finds (see {@link DaemonFsck})
 * </pre>
 */
sealed interface DaemonRequest permits DaemonRequest.Login, DaemonRequest.Logout, DaemonRequest.DetachLun,
        DaemonRequest.Fsck {
    /** {@code login IQN} or {@code attach IQN [LUN]}. */
    record Login(String verb, IscsiName target, Optional<Integer> lun, Optional<PortalLogin> portal)
            implements DaemonRequest {
        Login(String verb, IscsiName target, Optional<Integer> lun) {
            this(verb, target, lun, Optional.empty());
        }
    }

    /** {@code logout IQN [force]} or {@code detach IQN [force]}. */
    record Logout(String verb, IscsiName target, boolean force) implements DaemonRequest {
    }

    /** {@code detach IQN lun N [force]}. */
    record DetachLun(IscsiName target, int lun, boolean force) implements DaemonRequest {
    }

    /**
     * {@code fsck IQN|DEVICE [repair]}: {@code what} is an absolute device path or a target name
     * (checked as such), {@code repair} whether errors found are repaired.
     */
    record Fsck(String what, boolean repair) implements DaemonRequest {
    }

    /** Parses a {@code login}, {@code attach}, {@code logout}, {@code detach} or {@code fsck} request. */
    static DaemonRequest parse(ControlRequest r) {
        List<String> a = r.arguments();
        switch (r.verb()) {
            case "login":
                expect(r, a.size() == 1 || (a.size() > 1 && a.get(1).equals("portal")), "login IQN [portal HOST[:PORT] ...]");
                return new Login("login", name(r, a.get(0)), Optional.empty(), a.size() == 1 ? Optional.empty()
                        : Optional.of(LoginOptions.parse(a.subList(1, a.size()))));
            case "attach":
                expect(r, a.size() == 1 || a.size() == 2, "attach IQN [LUN]");
                return new Login("attach", name(r, a.get(0)), a.size() == 2 ? Optional.of(lun(r, a.get(1)))
                        : Optional.empty());
            case "detach":
                if (a.size() >= 3 && a.get(1).equals("lun")) {
                    expect(r, a.size() == 3 || a.size() == 4, "detach IQN lun N [force]");
                    if (a.size() == 4 && !a.get(3).equals("force")) {
                        throw new IllegalArgumentException("detach: expected 'force' after the LUN, found '"
                                + a.get(3) + "'");
                    }
                    return new DetachLun(name(r, a.get(0)), lun(r, a.get(2)), a.size() == 4);
                }
                // fall through: the whole target
            case "logout":
                expect(r, a.size() == 1 || a.size() == 2, r.verb() + " IQN [force]");
                if (a.size() == 2 && !a.get(1).equals("force")) {
                    throw new IllegalArgumentException(r.verb() + ": expected 'force' after the target, found '"
                            + a.get(1) + "'");
                }
                return new Logout(r.verb(), name(r, a.get(0)), a.size() == 2);
            case "fsck":
                expect(r, a.size() == 1 || a.size() == 2, "fsck IQN|DEVICE [repair]");
                if (a.size() == 2 && !a.get(1).equals("repair")) {
                    throw new IllegalArgumentException("fsck: expected 'repair' after the device or target, found '"
                            + a.get(1) + "'");
                }
                if (!a.get(0).startsWith("/")) {
                    name(r, a.get(0)); // neither an absolute device path nor a target name: refused here
                }
                return new Fsck(a.get(0), a.size() == 2);
            default:
                throw new IllegalArgumentException("not a target request: '" + r.verb() + "'");
        }
    }

    private static void expect(ControlRequest r, boolean ok, String grammar) {
        if (!ok) {
            throw new IllegalArgumentException(r.verb() + ": expected '" + grammar + "', found "
                    + (r.arguments().isEmpty() ? "no argument" : "'" + r.format() + "'"));
        }
    }

    private static IscsiName name(ControlRequest r, String s) {
        try {
            return IscsiName.parse(s);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(r.verb() + ": '" + s + "' is not a target name: " + e.getMessage(), e);
        }
    }

    private static int lun(ControlRequest r, String s) {
        if (!s.matches("[0-9]{1,5}") || Integer.parseInt(s) > io.lunbridge.protocol.scsi.Lun.MAX_NUMBER) {
            throw new IllegalArgumentException(r.verb() + ": LUN '" + s + "': expected a number 0.."
                    + io.lunbridge.protocol.scsi.Lun.MAX_NUMBER);
        }
        return Integer.parseInt(s);
    }
}
