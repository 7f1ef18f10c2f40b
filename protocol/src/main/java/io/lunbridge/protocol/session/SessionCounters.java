package io.lunbridge.protocol.session;

/**
 * Counters of a session, incremented on its event loop (no atomics on the I/O path) and read
 * through {@link Session#counters()}, which takes a snapshot on the loop.
 */
public final class SessionCounters {
    long commands;
    long bytesRead;
    long bytesWritten;
    long dataOutPdus;
    long r2ts;
    long pings;
    long targetPings;
    long timeouts;
    int outstanding;
    int peakOutstanding;

    void commandSent() {
        commands++;
        if (++outstanding > peakOutstanding) {
            peakOutstanding = outstanding;
        }
    }

    void commandEnded() {
        outstanding--;
    }

    Snapshot snapshot(int inFlight, int waiting, CommandWindow window) {
        return new Snapshot(commands, bytesRead, bytesWritten, dataOutPdus, r2ts, pings, targetPings, timeouts,
                inFlight, waiting, outstanding, peakOutstanding, window.nextCmdSn(), window.expCmdSn(),
                window.maxCmdSn());
    }

    /** An immutable copy of the counters and of the command window. */
    public record Snapshot(long commands, long bytesRead, long bytesWritten, long dataOutPdus, long r2ts,
                           long pings, long targetPings, long timeouts, int tasksInFlight,
                           int commandsWaitingForWindow, int commandsAtTarget, int peakCommandsAtTarget,
                           int nextCmdSn, int expCmdSn, int maxCmdSn) {
    }
}
