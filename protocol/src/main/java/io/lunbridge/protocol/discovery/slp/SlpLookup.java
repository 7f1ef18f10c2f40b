package io.lunbridge.protocol.discovery.slp;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * What one SLP lookup found and where the records really came from: the DA that answered, or the
 * SAs that answered multicast convergence (also after every DA failed), with notes on the agents
 * that did not help (unreachable, silent, not serving the scope).
 *
 * @param targets the targets, each URL once
 * @param via how they were asked for
 * @param agents the agents whose SrvRply listed them (one DA, or the answering SAs), in answer order
 * @param notes what went wrong with other agents, e.g. {@code DA 198.18.4.1:427 unreachable}
 */
public record SlpLookup(List<SlpTarget> targets, Via via, List<InetSocketAddress> agents, List<String> notes) {

    /** How the targets were asked for. */
    public enum Via {
        /** Unicast SrvRqst to a directory agent. */
        DIRECTORY_AGENT,
        /** Multicast SrvRqst with convergence, answered by service agents. */
        MULTICAST
    }

    /** Copies the lists. */
    public SlpLookup {
        targets = List.copyOf(targets);
        Objects.requireNonNull(via, "via");
        agents = List.copyOf(agents);
        notes = List.copyOf(notes);
    }

    /**
     * Where the records came from, for headings: {@code DA 198.18.4.1:427},
     * {@code multicast, SAs 198.18.4.11:427, 198.18.4.12:427}, {@code multicast, no SA answered},
     * then the notes after a semicolon.
     */
    public String describe() {
        String where;
        if (via == Via.DIRECTORY_AGENT) {
            where = "DA " + agents.stream().map(SlpLookup::endpoint).collect(Collectors.joining(", "));
        } else {
            where = agents.isEmpty() ? "multicast, no SA answered"
                    : "multicast, SA" + (agents.size() == 1 ? " " : "s ")
                            + agents.stream().map(SlpLookup::endpoint).collect(Collectors.joining(", "));
        }
        return notes.isEmpty() ? where : where + "; " + String.join("; ", notes);
    }

    static String endpoint(InetSocketAddress a) {
        return a.getAddress().getHostAddress() + ":" + a.getPort();
    }
}
