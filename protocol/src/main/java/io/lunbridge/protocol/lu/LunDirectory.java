package io.lunbridge.protocol.lu;

import io.lunbridge.protocol.scsi.Cdbs;
import io.lunbridge.protocol.scsi.Lun;
import io.lunbridge.protocol.scsi.ReportLunsData;
import io.lunbridge.protocol.session.ScsiRequest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Lists the LUNs of a target with REPORT LUNS (sent to LUN 0, which SAM requires every target to
 * answer), growing the allocation length when the list is longer than the first buffer.
 */
public final class LunDirectory {
    private static final int FIRST_ALLOCATION = 8 + 8 * 256;
    private static final int MAX_ALLOCATION = 8 + 8 * 65536;

    private LunDirectory() {
    }

    /** The LUNs the target reports, in the order reported. */
    public static CompletableFuture<List<Lun>> reportLuns(ScsiTransport transport) {
        return attempt(new ScsiExecutor(transport), FIRST_ALLOCATION);
    }

    private static CompletableFuture<List<Lun>> attempt(ScsiExecutor scsi, int allocation) {
        return scsi.run(() -> ScsiRequest.read(0L, Cdbs.reportLuns(allocation), allocation, "REPORT LUNS"))
                .thenCompose(buf -> {
                    byte[] bytes;
                    try {
                        bytes = ByteBufUtil.getBytes(buf);
                    } finally {
                        buf.release();
                    }
                    long needed = ReportLunsData.requiredLength(bytes);
                    if (needed > bytes.length && needed > allocation && allocation < MAX_ALLOCATION) {
                        return attempt(scsi, (int) Math.min(MAX_ALLOCATION, needed));
                    }
                    return CompletableFuture.completedFuture(ReportLunsData.parse(bytes));
                });
    }

}
