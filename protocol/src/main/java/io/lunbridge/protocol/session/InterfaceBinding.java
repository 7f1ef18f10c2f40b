package io.lunbridge.protocol.session;

import io.netty.channel.Channel;
import io.netty.channel.unix.RawUnixChannelOption;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Binds a socket to one local network interface with {@code SO_BINDTODEVICE} before it connects,
 * as open-iscsi does for its ifaces: every packet of the connection then leaves through that
 * interface, whatever the routing table prefers. Netty has no option of its own for it and only
 * logs a failed bootstrap option, so the option is set on the registered channel, checked, and read
 * back; any failure fails the path with an error naming the interface (never a silent fall-back to
 * the default route).
 */
public final class InterfaceBinding {
    /** SOL_SOCKET and SO_BINDTODEVICE on Linux. */
    private static final int SOL_SOCKET = 1;
    private static final int SO_BINDTODEVICE = 25;
    /** IFNAMSIZ: names are at most 15 bytes plus the NUL. */
    static final int IFNAMSIZ = 16;
    private static final RawUnixChannelOption OPTION =
            new RawUnixChannelOption("SO_BINDTODEVICE", SOL_SOCKET, SO_BINDTODEVICE, IFNAMSIZ);

    private InterfaceBinding() {
    }

    /**
     * Checks that {@code netdev} can carry an iSCSI path: it exists and is not a loopback
     * interface (IFF_LOOPBACK). An interface that is down is accepted (the path fails and is
     * retried until it comes up).
     *
     * @throws Connector.ConnectException naming the interface and why
     */
    public static void checkUsable(String netdev) {
        if (netdev.isEmpty() || netdev.getBytes(StandardCharsets.UTF_8).length >= IFNAMSIZ || netdev.contains("/")) {
            throw new Connector.ConnectException("interface name '" + netdev + "' is not a valid Linux interface "
                    + "name (1 to " + (IFNAMSIZ - 1) + " bytes, no '/')", null);
        }
        NetworkInterface nif;
        try {
            nif = NetworkInterface.getByName(netdev);
        } catch (SocketException e) {
            throw new Connector.ConnectException("cannot inspect interface " + netdev + ": " + e.getMessage(), e);
        }
        if (nif == null) {
            throw new Connector.ConnectException("interface " + netdev + " does not exist on this host "
                    + "(see `ip link`)", null);
        }
        try {
            if (nif.isLoopback()) {
                throw new Connector.ConnectException("interface " + netdev + " is a loopback interface (IFF_LOOPBACK): "
                        + "lunbridge refuses loopback interfaces for iSCSI paths (the host may stop operating "
                        + "when its disks depend on them); use a real network interface", null);
            }
        } catch (SocketException e) {
            throw new Connector.ConnectException("cannot inspect interface " + netdev + ": " + e.getMessage(), e);
        }
    }

    /**
     * Binds {@code channel} (registered, not yet connected, native epoll) to {@code netdev} and
     * reads the binding back.
     *
     * @throws Connector.ConnectException when the transport cannot bind or the kernel refused
     */
    public static void bind(Channel channel, String netdev) {
        if (!(channel instanceof io.netty.channel.epoll.EpollSocketChannel)) {
            throw new Connector.ConnectException("cannot bind the connection to interface " + netdev
                    + ": interface binding needs Netty's native epoll transport, which is not available", null);
        }
        ByteBuffer name = ByteBuffer.allocateDirect(IFNAMSIZ);
        name.put(netdev.getBytes(StandardCharsets.UTF_8)).put((byte) 0);
        while (name.hasRemaining()) {
            name.put((byte) 0);
        }
        name.flip();
        try {
            if (!channel.config().setOption(OPTION, name)) {
                throw new Connector.ConnectException("cannot bind the connection to interface " + netdev
                        + ": SO_BINDTODEVICE not supported by the channel", null);
            }
        } catch (RuntimeException e) {
            if (e instanceof Connector.ConnectException) {
                throw e;
            }
            throw new Connector.ConnectException("cannot bind the connection to interface " + netdev
                    + " (SO_BINDTODEVICE): " + e.getMessage(), e);
        }
        String bound = boundDevice(channel);
        if (!netdev.equals(bound)) {
            throw new Connector.ConnectException("the connection was not bound to interface " + netdev
                    + " (SO_BINDTODEVICE reads back '" + bound + "')", null);
        }
    }

    /** The interface a channel is bound to ("" for none). */
    public static String boundDevice(Channel channel) {
        ByteBuffer value = channel.config().getOption(OPTION);
        if (value == null) {
            return "";
        }
        byte[] bytes = new byte[value.remaining()];
        value.get(bytes);
        int end = 0;
        while (end < bytes.length && bytes[end] != 0) {
            end++;
        }
        return new String(bytes, 0, end, StandardCharsets.UTF_8);
    }
}
