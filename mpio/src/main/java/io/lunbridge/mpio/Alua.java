package io.lunbridge.mpio;

import io.lunbridge.protocol.scsi.Cdbs;
import io.lunbridge.protocol.scsi.DeviceIdentification;
import io.lunbridge.protocol.scsi.Lun;
import io.lunbridge.protocol.scsi.TargetPortGroups;
import io.lunbridge.protocol.session.ScsiRequest;
import io.lunbridge.protocol.session.ScsiResult;
import io.lunbridge.protocol.session.Session;
import io.netty.buffer.ByteBuf;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The ALUA state of one path (multipath-tools' alua prioritizer): the target port group of the port
 * that answers on this path (VPD 0x83, designator type 5), then REPORT TARGET PORT GROUPS for that
 * group's asymmetric access state. A LUN without a target port group, or a target that refuses the
 * command, has no ALUA state (empty): its paths are all equal.
 */
final class Alua {
    private static final Logger LOG = LogManager.getLogger(Alua.class);
    private static final int VPD_LENGTH = 1024;
    private static final int RTPG_LENGTH = 4096;

    private Alua() {
    }

    /** The state of the path's port group, or empty; never fails. */
    static CompletableFuture<Optional<TargetPortGroups.State>> query(Session session, Lun lun) {
        return read(session, ScsiRequest.read(lun.raw(), Cdbs.inquiry(true, 0x83, VPD_LENGTH), VPD_LENGTH,
                "INQUIRY VPD 0x83 (ALUA) on " + lun)).thenCompose(vpd -> {
                    if (vpd.isEmpty()) {
                        return CompletableFuture.completedFuture(Optional.<TargetPortGroups.State>empty());
                    }
                    OptionalInt group = DeviceIdentification.parse(vpd.get()).targetPortGroup();
                    if (group.isEmpty()) {
                        return CompletableFuture.completedFuture(Optional.<TargetPortGroups.State>empty());
                    }
                    return read(session, ScsiRequest.read(lun.raw(), Cdbs.reportTargetPortGroups(RTPG_LENGTH), RTPG_LENGTH,
                            "REPORT TARGET PORT GROUPS on " + lun)).thenApply(data -> data.flatMap(d ->
                            TargetPortGroups.parse(d).group(group.getAsInt()).map(TargetPortGroups.Group::state)));
                }).exceptionally(e -> {
                    LOG.debug("ALUA state of {} via {} unknown: {}", lun, session.name(), e.getMessage());
                    return Optional.empty();
                });
    }

    private static CompletableFuture<Optional<byte[]>> read(Session session, ScsiRequest request) {
        return session.execute(request).thenApply(Alua::bytesIfGood);
    }

    private static Optional<byte[]> bytesIfGood(ScsiResult r) {
        ByteBuf data = r.data();
        try {
            if (!r.good()) {
                return Optional.empty();
            }
            byte[] b = new byte[data.readableBytes()];
            data.getBytes(data.readerIndex(), b);
            return Optional.of(b);
        } finally {
            data.release();
        }
    }
}
