package io.lunbridge.protocol.discovery.slp;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Settings of the {@link SlpUserAgent}, with RFC 2608 §13 defaults (see {@link #defaults()}).
 * Timers are settings, not constants, so that tests can run the same schedule in milliseconds.
 *
 * @param directoryAgents DAs to use without discovery (host:port, port normally 427); empty to
 *     discover DAs by multicast
 * @param multicastInterfaces local IPv4 addresses whose interfaces carry multicast requests; each
 *     multicast (re)transmission is sent once on each; empty for the system's default interface
 * @param multicastGroup SLP's multicast group and port, 239.255.255.253:427
 * @param tcpPort the port of DAs and SAs for TCP (overflow retries) and of DAs found by DAAdvert
 * @param retry CONFIG_RETRY: first wait for a unicast reply, doubled on each retransmission
 * @param retryMax CONFIG_RETRY_MAX: give up on a unicast request after this long
 * @param multicastMax CONFIG_MC_MAX: stop multicast convergence after this long
 * @param totalTimeout bound on one whole {@code findTargets} call
 * @param languageTag the language of requests, {@code en}
 * @param fetchAttributes whether to ask each target's attributes with an AttrRqst
 * @param listenForAdverts whether to listen on UDP 427 (needs the privilege to bind it) for
 *     unsolicited DAAdverts: new DAs, DA reboots and DAs going down
 * @param daSettle how long active DA discovery waits for further DAAdverts after the last new one
 *     before it ends (RFC 2608 §12.2.1 lets a UA stop once a DA answered); shorter than
 *     {@code multicastRetry}; once a DA answered there is no retransmission. Zero turns it off:
 *     DA discovery then converges like any multicast request
 * @param attributeWindow how many AttrRqsts may be outstanding at once (the rest wait for a slot),
 *     so that an agent with many services is not flooded (slpd drops requests it cannot queue)
 * @param multicastRetry the first multicast wait period, doubled on each retransmission (RFC 2608
 *     uses CONFIG_RETRY, 2 s; openslp starts at 500 ms), for DA discovery and service convergence
 */
public record SlpUserAgentConfig(List<InetSocketAddress> directoryAgents, List<InetAddress> multicastInterfaces,
        InetSocketAddress multicastGroup, int tcpPort, Duration retry, Duration retryMax, Duration multicastMax,
        Duration totalTimeout, String languageTag, boolean fetchAttributes, boolean listenForAdverts,
        Duration daSettle, int attributeWindow, Duration multicastRetry) {

    /** SLP's port. */
    public static final int SLP_PORT = 427;
    /** SLP's administratively scoped multicast group. */
    public static final String SLP_GROUP = "239.255.255.253";

    /** Copies lists and checks that the timers are positive and ordered. */
    public SlpUserAgentConfig {
        directoryAgents = List.copyOf(directoryAgents);
        multicastInterfaces = List.copyOf(multicastInterfaces);
        Objects.requireNonNull(multicastGroup, "multicastGroup");
        Objects.requireNonNull(languageTag, "languageTag");
        if (languageTag.isEmpty()) {
            throw new IllegalArgumentException("languageTag: expected a language tag such as 'en', found ''");
        }
        if (tcpPort < 1 || tcpPort > 65535) {
            throw new IllegalArgumentException("tcpPort: expected 1..65535, found " + tcpPort);
        }
        positive("retry", retry);
        positive("retryMax", retryMax);
        positive("multicastMax", multicastMax);
        positive("totalTimeout", totalTimeout);
        Objects.requireNonNull(daSettle, "daSettle");
        if (daSettle.isNegative()) {
            throw new IllegalArgumentException("daSettle: expected zero (off) or a positive duration, found " + daSettle);
        }
        positive("multicastRetry", multicastRetry);
        if (attributeWindow < 1) {
            throw new IllegalArgumentException("attributeWindow: expected at least 1 outstanding AttrRqst, found "
                    + attributeWindow);
        }
        if (retryMax.compareTo(retry) < 0) {
            throw new IllegalArgumentException("retryMax: expected at least retry (" + retry + "), found " + retryMax);
        }
    }

    /**
     * RFC 2608 defaults: CONFIG_RETRY 2 s, CONFIG_RETRY_MAX 15 s, CONFIG_MC_MAX 15 s, language en,
     * group 239.255.255.253:427, no configured DA, default interface, attributes fetched, no
     * advert listener; a whole discovery is bounded at 60 s. Not from the RFC, for a discovery
     * about as quick as openslp's: the multicast wait periods start at 500 ms, DA discovery ends
     * 250 ms after the last new DAAdvert, and at most 16 AttrRqsts are outstanding.
     */
    public static SlpUserAgentConfig defaults() {
        return new SlpUserAgentConfig(List.of(), List.of(), new InetSocketAddress(SLP_GROUP, SLP_PORT), SLP_PORT,
                Duration.ofSeconds(2), Duration.ofSeconds(15), Duration.ofSeconds(15), Duration.ofSeconds(60), "en",
                true, false, Duration.ofMillis(250), 16, Duration.ofMillis(500));
    }

    /** With these configured DAs. */
    public SlpUserAgentConfig withDirectoryAgents(List<InetSocketAddress> das) {
        return new SlpUserAgentConfig(das, multicastInterfaces, multicastGroup, tcpPort, retry, retryMax,
                multicastMax, totalTimeout, languageTag, fetchAttributes, listenForAdverts,
                daSettle, attributeWindow, multicastRetry);
    }

    /** With multicast sent on the interfaces of these local addresses. */
    public SlpUserAgentConfig withMulticastInterfaces(List<InetAddress> interfaces) {
        return new SlpUserAgentConfig(directoryAgents, interfaces, multicastGroup, tcpPort, retry, retryMax,
                multicastMax, totalTimeout, languageTag, fetchAttributes, listenForAdverts,
                daSettle, attributeWindow, multicastRetry);
    }

    /** With these timers (CONFIG_RETRY, CONFIG_RETRY_MAX, CONFIG_MC_MAX, overall bound). */
    public SlpUserAgentConfig withTimers(Duration retry, Duration retryMax, Duration multicastMax,
            Duration totalTimeout) {
        return new SlpUserAgentConfig(directoryAgents, multicastInterfaces, multicastGroup, tcpPort, retry, retryMax,
                multicastMax, totalTimeout, languageTag, fetchAttributes, listenForAdverts,
                daSettle, attributeWindow, multicastRetry);
    }

    /** With this request language. */
    public SlpUserAgentConfig withLanguageTag(String tag) {
        return new SlpUserAgentConfig(directoryAgents, multicastInterfaces, multicastGroup, tcpPort, retry, retryMax,
                multicastMax, totalTimeout, tag, fetchAttributes, listenForAdverts, daSettle, attributeWindow,
                multicastRetry);
    }

    /** With or without AttrRqsts for each target. */
    public SlpUserAgentConfig withFetchAttributes(boolean fetch) {
        return new SlpUserAgentConfig(directoryAgents, multicastInterfaces, multicastGroup, tcpPort, retry, retryMax,
                multicastMax, totalTimeout, languageTag, fetch, listenForAdverts, daSettle, attributeWindow,
                multicastRetry);
    }

    /** With or without the UDP 427 listener for unsolicited DAAdverts. */
    public SlpUserAgentConfig withListenForAdverts(boolean listen) {
        return new SlpUserAgentConfig(directoryAgents, multicastInterfaces, multicastGroup, tcpPort, retry, retryMax,
                multicastMax, totalTimeout, languageTag, fetchAttributes, listen, daSettle, attributeWindow,
                multicastRetry);
    }

    /** With this first multicast wait period. */
    public SlpUserAgentConfig withMulticastRetry(Duration first) {
        return new SlpUserAgentConfig(directoryAgents, multicastInterfaces, multicastGroup, tcpPort, retry, retryMax,
                multicastMax, totalTimeout, languageTag, fetchAttributes, listenForAdverts, daSettle, attributeWindow,
                first);
    }

    /** With this DA-discovery settle time. */
    public SlpUserAgentConfig withDaSettle(Duration settle) {
        return new SlpUserAgentConfig(directoryAgents, multicastInterfaces, multicastGroup, tcpPort, retry, retryMax,
                multicastMax, totalTimeout, languageTag, fetchAttributes, listenForAdverts, settle, attributeWindow,
                multicastRetry);
    }

    /** With at most {@code window} AttrRqsts outstanding. */
    public SlpUserAgentConfig withAttributeWindow(int window) {
        return new SlpUserAgentConfig(directoryAgents, multicastInterfaces, multicastGroup, tcpPort, retry, retryMax,
                multicastMax, totalTimeout, languageTag, fetchAttributes, listenForAdverts, daSettle, window,
                multicastRetry);
    }

    /** With UDP and TCP requests to this SLP group and port (tests use a unicast loopback address). */
    public SlpUserAgentConfig withMulticastGroup(InetSocketAddress group, int port) {
        return new SlpUserAgentConfig(directoryAgents, multicastInterfaces, group, port, retry, retryMax,
                multicastMax, totalTimeout, languageTag, fetchAttributes, listenForAdverts, daSettle, attributeWindow,
                multicastRetry);
    }

    private static void positive(String name, Duration d) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + ": expected a positive duration, found " + d);
        }
    }
}
