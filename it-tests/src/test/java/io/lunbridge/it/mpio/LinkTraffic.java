package io.lunbridge.it.mpio;

import io.lunbridge.it.harness.Link;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * Which link carries the I/O, from the kernel's transmit counters of the host ends
 * ({@code /sys/class/net/IF/statistics/tx_bytes}): independent of what the initiator says.
 */
final class LinkTraffic {
    private LinkTraffic() {
    }

    static long txBytes(Link link) {
        try {
            return Long.parseLong(Files.readString(Path.of("/sys/class/net", link.hostInterface(), "statistics",
                    "tx_bytes")).trim());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read tx_bytes of " + link.hostInterface(), e);
        }
    }

    /**
     * The link that sent the most bytes during {@code millis} ms (at least {@code minBytes}), or
     * throws when none did.
     */
    static Link busiest(List<Link> links, long millis, long minBytes) {
        long[] before = links.stream().mapToLong(LinkTraffic::txBytes).toArray();
        LockSupport.parkNanos(millis * 1_000_000);
        Link best = null;
        long bestDelta = -1;
        StringBuilder seen = new StringBuilder();
        for (int i = 0; i < links.size(); i++) {
            long delta = txBytes(links.get(i)) - before[i];
            seen.append(links.get(i).hostInterface()).append(": ").append(delta).append(" B; ");
            if (delta > bestDelta) {
                bestDelta = delta;
                best = links.get(i);
            }
        }
        if (bestDelta < minBytes) {
            throw new AssertionError("no link sent " + minBytes + " bytes in " + millis + " ms: " + seen);
        }
        return best;
    }
}
