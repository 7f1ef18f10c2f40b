package io.lunbridge.protocol.lu;

import io.lunbridge.block.BlockIoException;
import io.lunbridge.block.Geometry;
import io.lunbridge.protocol.scsi.BlockLimits;
import io.lunbridge.protocol.scsi.Cdbs;
import io.lunbridge.protocol.scsi.DeviceIdentification;
import io.lunbridge.protocol.scsi.LogicalBlockProvisioning;
import io.lunbridge.protocol.scsi.Lun;
import io.lunbridge.protocol.scsi.ModeSenseData;
import io.lunbridge.protocol.scsi.ReadCapacity;
import io.lunbridge.protocol.scsi.ScsiErrorKind;
import io.lunbridge.protocol.scsi.ScsiException;
import io.lunbridge.protocol.scsi.StandardInquiry;
import io.lunbridge.protocol.scsi.SupportedVpdPages;
import io.lunbridge.protocol.scsi.UnitSerialNumber;
import io.lunbridge.protocol.session.ScsiRequest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * Finds out what a logical unit is: TEST UNIT READY (waiting out UNIT ATTENTION), standard
 * INQUIRY, the supported VPD pages and then 0x80, 0x83, 0xB0 and 0xB2 where offered, READ
 * CAPACITY(16) with a fallback to (10), and MODE SENSE(10) for write protection, DPO/FUA and the
 * write cache.
 */
final class LunProber {
    /** Used when the LUN reports no maximum transfer length. */
    static final int DEFAULT_MAX_TRANSFER = 8 * 1024 * 1024;

    private final ScsiExecutor scsi;
    private final Lun lun;

    LunProber(ScsiExecutor scsi, Lun lun) {
        this.scsi = scsi;
        this.lun = lun;
    }

    private static final class Found {
        StandardInquiry inquiry;
        SupportedVpdPages pages;
        Optional<String> serial = Optional.empty();
        Optional<String> identity = Optional.empty();
        Optional<BlockLimits> limits = Optional.empty();
        Optional<LogicalBlockProvisioning> provisioning = Optional.empty();
        ReadCapacity capacity;
        ModeSenseData mode;
    }

    CompletableFuture<LunInfo> probe() {
        Found f = new Found();
        return scsi.run(() -> ScsiRequest.noData(lun.raw(), Cdbs.testUnitReady(), "TEST UNIT READY on " + lun))
                .thenAccept(ByteBuf::release)
                .thenCompose(v -> read(Cdbs.inquiry(false, 0, 96), 96, "INQUIRY", StandardInquiry::parse))
                .thenCompose(inq -> {
                    f.inquiry = inq;
                    if (!inq.isDirectAccessBlockDevice()) {
                        return CompletableFuture.failedFuture(new BlockIoException(BlockIoException.Kind.NOT_SUPPORTED,
                                lun + " is not a direct-access block device (peripheral device type 0x"
                                        + Integer.toHexString(inq.deviceType()) + (inq.deviceType() == 0x0c
                                        ? ", a storage array controller" : "") + ")"));
                    }
                    return read(Cdbs.inquiry(true, 0x00, 255), 255, "INQUIRY VPD 0x00", SupportedVpdPages::parse);
                })
                .thenCompose(pages -> {
                    f.pages = pages;
                    pagesOrNull = pages;
                    return optionalPage(0x80, 255, UnitSerialNumber::parse);
                })
                .thenCompose(serial -> {
                    f.serial = serial.map(UnitSerialNumber::serial);
                    return optionalPage(0x83, 1024, DeviceIdentification::parse);
                })
                .thenCompose(id -> {
                    f.identity = id.flatMap(DeviceIdentification::lunIdentity).map(i -> i.value());
                    return optionalPage(0xb0, 64, BlockLimits::parse);
                })
                .thenCompose(limits -> {
                    f.limits = limits;
                    return optionalPage(0xb2, 64, LogicalBlockProvisioning::parse);
                })
                .thenCompose(prov -> {
                    f.provisioning = prov;
                    return readCapacity();
                })
                .thenCompose(cap -> {
                    f.capacity = cap;
                    return modeSense();
                })
                .thenApply(mode -> {
                    f.mode = mode;
                    return info(f);
                });
    }

    private <T> CompletableFuture<T> read(byte[] cdb, int length, String name, Function<byte[], T> parser) {
        return scsi.run(() -> ScsiRequest.read(lun.raw(), cdb, length, name + " on " + lun)).thenApply(buf -> {
            try {
                return parser.apply(ByteBufUtil.getBytes(buf));
            } finally {
                buf.release();
            }
        });
    }

    private <T> CompletableFuture<Optional<T>> optionalPage(int page, int length, Function<byte[], T> parser) {
        if (!supports(page)) {
            return CompletableFuture.completedFuture(Optional.empty());
        }
        return read(Cdbs.inquiry(true, page, length), length, String.format("INQUIRY VPD 0x%02x", page), parser)
                .thenApply(Optional::of);
    }

    private SupportedVpdPages pagesOrNull;

    private boolean supports(int page) {
        return pagesOrNull != null && pagesOrNull.supports(page);
    }

    private CompletableFuture<ReadCapacity> readCapacity() {
        return read(Cdbs.readCapacity16(32), 32, "READ CAPACITY(16)", ReadCapacity::parse16)
                .exceptionallyCompose(e -> {
                    Throwable t = ScsiExecutor.unwrap(e);
                    if (t instanceof ScsiException && isUnsupported((ScsiException) t)) {
                        return read(Cdbs.readCapacity10(), 8, "READ CAPACITY(10)", ReadCapacity::parse10);
                    }
                    return CompletableFuture.failedFuture(t);
                });
    }

    private CompletableFuture<ModeSenseData> modeSense() {
        return read(Cdbs.modeSense10(0x08, 0, 64, true), 64, "MODE SENSE(10) caching page", ModeSenseData::parse)
                .exceptionallyCompose(e -> {
                    Throwable t = ScsiExecutor.unwrap(e);
                    if (t instanceof ScsiException && isUnsupported((ScsiException) t)) {
                        return read(Cdbs.modeSense10(0x3f, 0, 255, true), 255, "MODE SENSE(10) all pages",
                                ModeSenseData::parse);
                    }
                    return CompletableFuture.failedFuture(t);
                });
    }

    private static boolean isUnsupported(ScsiException e) {
        return e.kind() == ScsiErrorKind.INVALID_OPCODE
                || e.kind() == ScsiErrorKind.ILLEGAL_REQUEST;
    }

    private LunInfo info(Found f) {
        ReadCapacity c = f.capacity;
        int block = c.blockLength();
        int physical = block << c.logicalBlocksPerPhysicalExponent();
        long maxTransferBlocks = f.limits.map(BlockLimits::maxTransferLength).orElse(0L);
        long optimalBlocks = f.limits.map(BlockLimits::optimalTransferLength).orElse(0L);
        int maxTransfer = (int) Math.min(DEFAULT_MAX_TRANSFER,
                maxTransferBlocks > 0 ? maxTransferBlocks * block : DEFAULT_MAX_TRANSFER);
        int optimal = (int) Math.min(maxTransfer, optimalBlocks * block);
        boolean thin = c.thinProvisioningEnabled();
        boolean unmap = thin && f.provisioning.map(LogicalBlockProvisioning::lbpu).orElse(false);
        boolean writeSame = !thin || f.provisioning.map(LogicalBlockProvisioning::lbpws).orElse(true);
        Geometry g = new Geometry(c.sizeBytes(), block, physical, optimal, maxTransfer, f.mode.writeProtected(),
                thin, unmap, writeSame, f.mode.dpoFua(), f.mode.writeCacheEnabled().orElse(true));
        LunInfo.TransferLimits limits = new LunInfo.TransferLimits(maxTransfer / block,
                f.limits.map(BlockLimits::maxUnmapLbaCount).orElse(0L),
                f.limits.map(BlockLimits::maxUnmapDescriptorCount).orElse(0L),
                f.limits.map(BlockLimits::maxWriteSameLength).orElse(0L));
        StandardInquiry i = f.inquiry;
        return new LunInfo(lun, i.vendor(), i.product(), i.revision(), i.deviceType(), f.identity, f.serial, g, limits);
    }
}
