package io.lunbridge.app;

import io.lunbridge.block.BlockIoException;
import io.lunbridge.protocol.initiator.Initiator;
import io.lunbridge.protocol.login.ChapCredentials;
import io.lunbridge.protocol.lu.LogicalUnit;
import io.lunbridge.protocol.lu.LunDirectory;
import io.lunbridge.protocol.scsi.Lun;
import io.lunbridge.protocol.session.Session;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * A logged-in target with its disk LUNs opened: one session (one TCP connection) shared by all of
 * them. LUNs that are not direct-access block devices (tgtd's controller LUN 0) are skipped and
 * logged; a LUN filter keeps only the one asked for.
 */
public final class TargetLuns implements AutoCloseable {
    private static final Logger LOG = LogManager.getLogger(TargetLuns.class);

    private final String target;
    private final Session session;
    private final List<LogicalUnit> units;

    private TargetLuns(String target, Session session, List<LogicalUnit> units) {
        this.target = target;
        this.session = session;
        this.units = units;
    }

    /**
     * Logs in to {@code target} at {@code host:port} and opens its disk LUNs ({@code onlyLun}, if
     * given, selects one and fails if the target has no such disk LUN).
     */
    public static TargetLuns open(Initiator initiator, String host, int port, String target,
                                  Optional<ChapCredentials> chap, Optional<Integer> onlyLun) throws Exception {
        Session session = get(initiator.login(host, port, target, chap));
        try {
            List<Lun> luns = get(LunDirectory.reportLuns(session::execute));
            List<CompletableFuture<LogicalUnit>> opening = new ArrayList<>();
            List<Lun> chosen = new ArrayList<>();
            for (Lun lun : luns) {
                if (onlyLun.isPresent() && !(lun.hasNumber() && lun.number() == onlyLun.get())) {
                    continue;
                }
                chosen.add(lun);
                opening.add(LogicalUnit.open(session::execute, lun));
            }
            List<LogicalUnit> units = new ArrayList<>();
            for (int i = 0; i < opening.size(); i++) {
                try {
                    units.add(get(opening.get(i)));
                } catch (BlockIoException e) {
                    if (onlyLun.isPresent()) {
                        throw e;
                    }
                    LOG.info("{} of {} skipped: {}", chosen.get(i), target, e.getMessage());
                }
            }
            if (units.isEmpty()) {
                throw new IllegalArgumentException(onlyLun.isPresent()
                        ? "target " + target + " has no LUN " + onlyLun.get() + " (it reports " + luns + ")"
                        : "target " + target + " has no disk LUNs (it reports " + luns + ")");
            }
            return new TargetLuns(target, session, units);
        } catch (Exception e) {
            session.close();
            throw e;
        }
    }

    private static <T> T get(CompletableFuture<T> f) throws Exception {
        try {
            return f.get(120, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception ? (Exception) e.getCause() : e;
        } catch (TimeoutException e) {
            throw new TimeoutException("no answer from the target within 120 s");
        }
    }

    public String target() {
        return target;
    }

    public Session session() {
        return session;
    }

    /** The opened disk LUNs, in REPORT LUNS order. */
    public List<LogicalUnit> units() {
        return units;
    }

    /** The stable export name of a LUN: the target name and the LUN number, e.g. "iqn.…:disk/lun1". */
    public static String exportName(String target, Lun lun) {
        return target + "/lun" + (lun.hasNumber() ? Integer.toString(lun.number()) : Long.toHexString(lun.raw()));
    }

    /** Logs out (after the exporters above have finished their in-flight requests). */
    @Override
    public void close() throws Exception {
        get(session.logout());
    }
}
