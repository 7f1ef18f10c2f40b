package io.lunbridge.mpio;

import java.time.Instant;

/**
 * I/O that a {@link MultipathDevice} failed with EIO because no path was left (the replacement
 * timeout expired, or is 0): what an owner needs to flag the LUN's filesystem for a check.
 *
 * <p>A device reports an episode (from entering FAILED until a path is back, or the device is
 * closed) at most twice: when its first I/O fails ({@code newEpisode}), and when the episode ends
 * if more I/O failed in between. So a stream of failing I/O costs no more than two reports.
 *
 * @param device the device's export name (IQN/lunN)
 * @param newEpisode true for the first report of an episode
 * @param since when the episode's first I/O failed
 * @param reason why, e.g. "replacement timeout expired"
 * @param failed commands failed with EIO since the previous report of this episode (at least 1)
 */
public record IoFailure(String device, boolean newEpisode, Instant since, String reason, long failed) {
}
