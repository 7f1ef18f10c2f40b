package io.lunbridge.it.slp;

import io.lunbridge.protocol.discovery.slp.SlpTarget;
import io.lunbridge.protocol.discovery.slp.SlpUserAgent;
import io.lunbridge.protocol.discovery.slp.SlpUserAgentConfig;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * For {@code bench/slp-timings.sh}: times {@code SlpUserAgent.findTargets} alone (no JVM start, one
 * warm-up lookup first) with the default timers, multicast on the interface of one local address.
 * Uses only API that older versions have too, so that the bench can run it against an older
 * checkout's protocol classes. Prints one line per round: {@code ROUND MILLIS TARGETS}.
 *
 * <p>Arguments: {@code LOCAL_ADDRESS DIRECTORY_AGENTS(comma separated, or -) ROUNDS}.
 */
final class SlpTimings {
    private SlpTimings() {
    }

    public static void main(String[] args) throws Exception {
        InetAddress local = InetAddress.getByName(args[0]);
        List<InetSocketAddress> das = new ArrayList<>();
        if (!args[1].equals("-")) {
            for (String da : args[1].split(",")) {
                das.add(new InetSocketAddress(da, 427));
            }
        }
        int rounds = Integer.parseInt(args[2]);
        SlpUserAgentConfig config = SlpUserAgentConfig.defaults().withMulticastInterfaces(List.of(local))
                .withDirectoryAgents(das);
        for (int r = 0; r <= rounds; r++) {
            // a new agent each round: no DA learned in an earlier round is reused
            try (SlpUserAgent ua = SlpUserAgent.start(config)) {
                long start = System.nanoTime();
                List<SlpTarget> found = ua.findTargets(List.of("DEFAULT"), "").get(120, TimeUnit.SECONDS);
                long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                if (r > 0) {
                    System.out.println(r + " " + millis + " " + found.size());
                }
            }
        }
    }
}
