package io.lunbridge.protocol.session;

import java.net.InetAddress;
import java.time.Duration;

/**
 * How to open one TCP connection to a portal.
 *
 * @param localAddress local address to bind (selects the interface for multipath), or null for
 *     the routing table's choice
 * @param connectTimeout TCP connect timeout
 * @param loginTimeout time the whole login may take
 * @param socketBuffers buffer sizing policy
 * @param maxRedirects how many login redirections to follow
 */
public record ConnectOptions(InetAddress localAddress, Duration connectTimeout, Duration loginTimeout,
                             SocketBufferPolicy socketBuffers, int maxRedirects) {

    public static ConnectOptions defaults() {
        return new ConnectOptions(null, Duration.ofSeconds(10), Duration.ofSeconds(15), SocketBufferPolicy.auto(), 4);
    }

    public ConnectOptions withLocalAddress(InetAddress address) {
        return new ConnectOptions(address, connectTimeout, loginTimeout, socketBuffers, maxRedirects);
    }

    public ConnectOptions withSocketBuffers(SocketBufferPolicy policy) {
        return new ConnectOptions(localAddress, connectTimeout, loginTimeout, policy, maxRedirects);
    }
}
