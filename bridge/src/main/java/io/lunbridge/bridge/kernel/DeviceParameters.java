package io.lunbridge.bridge.kernel;

/**
 * What the kernel is told about an NBD device when it is connected.
 *
 * @param sizeBytes device size
 * @param blockSize logical block size (512 … page size, a power of two)
 * @param serverFlags the NBD transmission flags (NBD_FLAG_*) of the export
 * @param timeoutSeconds per-request timeout; 0 leaves requests waiting (the kernel only warns)
 * @param deadConnTimeoutSeconds how long the kernel waits for a dead connection to be replaced; 0 = none
 */
public record DeviceParameters(long sizeBytes, int blockSize, int serverFlags, long timeoutSeconds,
                               long deadConnTimeoutSeconds) {
    public DeviceParameters {
        if (blockSize < 512 || blockSize > 65536 || Integer.bitCount(blockSize) != 1) {
            throw new IllegalArgumentException("block size " + blockSize + " is not a power of two between 512 and 65536");
        }
        if (sizeBytes <= 0 || sizeBytes % blockSize != 0) {
            throw new IllegalArgumentException("device size " + sizeBytes + " is not a positive multiple of the block size "
                    + blockSize);
        }
        if (timeoutSeconds < 0 || deadConnTimeoutSeconds < 0) {
            throw new IllegalArgumentException("timeouts must not be negative: timeout " + timeoutSeconds
                    + " s, dead connection timeout " + deadConnTimeoutSeconds + " s");
        }
    }
}
