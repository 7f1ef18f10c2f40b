package io.lunbridge.mpio;

import java.util.List;

/**
 * A multipath device at a glance ({@code multipath -ll}'s content).
 *
 * @param name the export name (IQN/lunN)
 * @param identity the LUN identity (VPD 0x83), or null
 * @param vendorProduct "VENDOR,PRODUCT"
 * @param sizeBytes capacity
 * @param state RUNNING, QUEUEING or FAILED
 * @param stateReason why it is not RUNNING (null when it is)
 * @param queueingSecondsLeft seconds until queued I/O fails (null unless QUEUEING with a limit)
 * @param replacementTimeout seconds or "queue"
 * @param policy the path selection policy
 * @param failback the failback setting
 * @param ioFailureEpisodes how often the replacement timeout expired and I/O failed
 * @param failovers commands re-issued on another path
 * @param paths every path, best priority first
 */
public record DeviceStatus(String name, String identity, String vendorProduct, long sizeBytes, DeviceState state,
                           String stateReason, Double queueingSecondsLeft, String replacementTimeout, String policy,
                           String failback, long ioFailureEpisodes, long failovers, List<PathStatus> paths) {
}
