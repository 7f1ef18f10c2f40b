package io.lunbridge.protocol.text;

/**
 * The operational parameters in force once login completed: the negotiation results plus each
 * side's declarations. This is what the session and connection engines obey.
 *
 * @param headerDigest CRC32C header digests on every PDU
 * @param dataDigest CRC32C data digests on every data segment
 * @param maxRecvDataSegmentLength what we declared: the largest data segment we accept
 * @param maxXmitDataSegmentLength what the target declared: the largest data segment we may send
 * @param maxBurstLength largest solicited (or unsolicited) data sequence
 * @param firstBurstLength largest unsolicited data per command (immediate + unsolicited Data-Out)
 * @param initialR2T true: no unsolicited Data-Out (wait for an R2T)
 * @param immediateData true: data may go in the SCSI Command PDU itself
 * @param maxOutstandingR2T R2Ts per task the target may have outstanding
 * @param dataPduInOrder Data PDUs within a sequence are in order
 * @param dataSequenceInOrder data sequences are in order
 * @param errorRecoveryLevel negotiated error recovery level (always 0 for lunbridge)
 * @param defaultTime2Wait seconds to wait before reconnecting after a connection loss
 * @param defaultTime2Retain seconds the target keeps tasks after a connection loss
 * @param maxConnections connections allowed in the session
 * @param targetAlias the target's alias, or null if it declared none
 * @param targetPortalGroupTag the target's portal group tag, or -1 if it declared none
 */
public record SessionParameters(boolean headerDigest, boolean dataDigest, int maxRecvDataSegmentLength,
                                int maxXmitDataSegmentLength, int maxBurstLength, int firstBurstLength,
                                boolean initialR2T, boolean immediateData, int maxOutstandingR2T,
                                boolean dataPduInOrder, boolean dataSequenceInOrder, int errorRecoveryLevel,
                                int defaultTime2Wait, int defaultTime2Retain, int maxConnections,
                                String targetAlias, int targetPortalGroupTag) {
}
