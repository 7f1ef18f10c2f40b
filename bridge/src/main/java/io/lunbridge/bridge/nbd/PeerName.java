package io.lunbridge.bridge.nbd;

import io.netty.channel.Channel;
import io.netty.channel.epoll.EpollDomainSocketChannel;
import io.netty.channel.unix.PeerCredentials;
import java.io.IOException;

/**
 * Names the client on the other end of a connection for log lines: the TCP remote address, or for a
 * Unix socket the peer's pid and uid (SO_PEERCRED) and the socket path, since a Unix client has no
 * address of its own.
 */
public final class PeerName {
    private PeerName() {
    }

    /** A short description of the remote end of {@code channel}. */
    public static String of(Channel channel) {
        if (channel instanceof EpollDomainSocketChannel) {
            EpollDomainSocketChannel unix = (EpollDomainSocketChannel) channel;
            String path = unix.localAddress() == null ? "?" : unix.localAddress().path();
            try {
                PeerCredentials cred = unix.peerCredentials();
                return "unix:" + path + " pid=" + cred.pid() + " uid=" + cred.uid();
            } catch (IOException | RuntimeException e) {
                return "unix:" + path + " (peer credentials unavailable: " + e.getMessage() + ")";
            }
        }
        return String.valueOf(channel.remoteAddress());
    }
}
