package io.lunbridge.protocol.lu;

import io.lunbridge.block.Geometry;
import io.lunbridge.protocol.scsi.Lun;
import java.util.Optional;

/**
 * What probing a logical unit found: its identity (VPD 0x83), serial number (VPD 0x80), inquiry
 * strings, geometry and limits. The identity is what multipath uses to recognise the same LUN on
 * every path.
 *
 * @param lun the LUN
 * @param vendor INQUIRY vendor identification
 * @param product INQUIRY product identification
 * @param revision INQUIRY product revision
 * @param deviceType peripheral device type (0 = direct access block device)
 * @param identity preferred designator, e.g. "naa.6000…", or empty when the LUN has none
 * @param serial unit serial number, or empty
 * @param geometry size, block sizes and capabilities
 * @param limits transfer limits used to split requests
 */
public record LunInfo(Lun lun, String vendor, String product, String revision, int deviceType,
                      Optional<String> identity, Optional<String> serial, Geometry geometry,
                      TransferLimits limits) {

    /** Transfer limits in blocks from the Block Limits VPD page (0 = no limit reported). */
    public record TransferLimits(long maxTransferBlocks, long maxUnmapBlocks, long maxUnmapDescriptors,
                                 long maxWriteSameBlocks) {
    }
}
