package io.lunbridge.mpio;

/**
 * Load and history of one path, for the selectors and for status. Owned by the device's loop.
 */
final class PathCounters {
    int inFlight;
    long inFlightBytes;
    long commands;
    long failures;
    long reissued;

    void started(int bytes) {
        inFlight++;
        inFlightBytes += bytes;
        commands++;
    }

    void ended(int bytes) {
        inFlight--;
        inFlightBytes -= bytes;
    }
}
