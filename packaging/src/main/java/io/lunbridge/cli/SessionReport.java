package io.lunbridge.cli;

import io.lunbridge.protocol.session.Connector;
import io.lunbridge.protocol.session.Session;
import io.lunbridge.protocol.text.SessionParameters;
import io.netty.channel.socket.SocketChannelConfig;

/**
 * Describes a logged-in session for people: the negotiated parameters and the TCP buffer sizes in
 * effect (the policy's decision and what the kernel reports for the socket now).
 */
final class SessionReport {
    private SessionReport() {
    }

    static String describe(Session session, Connector connector) {
        SessionParameters p = session.parameters();
        SocketChannelConfig socket = (SocketChannelConfig) session.channel().config();
        return "session " + session.name() + " TSIH " + session.tsih() + " from " + session.channel().localAddress()
                + "\n  HeaderDigest=" + (p.headerDigest() ? "CRC32C" : "None")
                + " DataDigest=" + (p.dataDigest() ? "CRC32C" : "None")
                + " MaxRecvDataSegmentLength=" + p.maxRecvDataSegmentLength()
                + " (target's " + p.maxXmitDataSegmentLength() + ")"
                + " MaxBurstLength=" + p.maxBurstLength()
                + " FirstBurstLength=" + p.firstBurstLength()
                + " InitialR2T=" + yesNo(p.initialR2T())
                + " ImmediateData=" + yesNo(p.immediateData())
                + " MaxOutstandingR2T=" + p.maxOutstandingR2T()
                + "\n  receive buffer: " + socket.getReceiveBufferSize() + " bytes now; "
                + connector.socketBuffers().explanation()
                + "\n  send buffer: " + socket.getSendBufferSize() + " bytes now; "
                + connector.sendBuffers().explanation();
    }

    private static String yesNo(boolean b) {
        return b ? "Yes" : "No";
    }
}
