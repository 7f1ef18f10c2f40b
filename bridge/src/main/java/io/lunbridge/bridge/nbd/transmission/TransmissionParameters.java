package io.lunbridge.bridge.nbd.transmission;

import io.lunbridge.bridge.nbd.NbdExport;
import java.util.Objects;

/**
 * What option haggling settled for the transmission phase of one connection.
 *
 * @param export the chosen export
 * @param structuredReplies NBD_OPT_STRUCTURED_REPLY was acknowledged
 * @param metaContextId id of the selected base:allocation context, 0 if none was selected
 * @param flags transmission flags sent to the client
 * @param blockSizes the constraints the server enforces (alignment always; announced or not)
 * @param blockSizesAnnounced the client asked for NBD_INFO_BLOCK_SIZE in NBD_OPT_GO
 */
public record TransmissionParameters(NbdExport export, boolean structuredReplies, int metaContextId, int flags,
                                     BlockSizeConstraints blockSizes, boolean blockSizesAnnounced) {
    public TransmissionParameters {
        Objects.requireNonNull(export, "export");
        Objects.requireNonNull(blockSizes, "blockSizes");
    }

    /** Whether a transmission flag was announced. */
    public boolean has(int flag) {
        return (flags & flag) != 0;
    }
}
