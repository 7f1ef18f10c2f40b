package io.lunbridge.it.slp;

import io.lunbridge.protocol.discovery.slp.SlpDecoder;
import io.lunbridge.protocol.discovery.slp.SlpFormatException;
import io.lunbridge.protocol.discovery.slp.SlpMessage;
import io.netty.buffer.Unpooled;
import java.io.BufferedReader;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * A process that plays one DA or SA of the openslp captures, for integration tests. Run it inside
 * a network namespace; it answers the user agent's requests with the captured replies of its role
 * ({@link CaptureScript}), changed only as {@link AddressRewrite} documents, on:
 * <ul>
 *   <li>UDP 427 unicast and multicast (it joins 239.255.255.253 on the interface of {@code --address});</li>
 *   <li>TCP 427 (one request/reply per message on a connection).</li>
 * </ul>
 * Like openslp it stays silent when its own address is in a request's previous-responder list, and
 * when the capture shows no reply. Commands arrive on a FIFO ({@code --control}), one per line:
 * {@code send FILE INDEX} multicasts a captured message (e.g. an unsolicited DAAdvert).
 * It writes one line per event to stdout ({@code READY}, {@code RECV}, {@code REPLY},
 * {@code SILENT}, {@code SENT}); {@link SlpResponder} reads them.
 *
 * <p>Arguments: {@code --captures DIR --files A.hex,B.hex --role CAPTURE_ADDR --address TEST_ADDR
 * --control FIFO [--map CAPTURE_ADDR=TEST_ADDR]... [--drop-first N]}.
 */
public final class SlpReplayResponder {
    private static final int PORT = 427;
    private static final InetAddress GROUP = address("239.255.255.253");

    private final CaptureScript script;
    private final AddressRewrite rewrite;
    private final String self;
    private final NetworkInterface nif;
    private int dropFirst;

    private SlpReplayResponder(CaptureScript script, AddressRewrite rewrite, String self, int dropFirst)
            throws IOException {
        this.script = script;
        this.rewrite = rewrite;
        this.self = self;
        this.nif = NetworkInterface.getByInetAddress(InetAddress.getByName(self));
        if (nif == null) {
            throw new IllegalArgumentException("--address " + self + ": no interface here has it");
        }
        this.dropFirst = dropFirst;
    }

    /** Entry point; see the class comment for the arguments. */
    public static void main(String[] args) throws Exception {
        Map<String, String> opts = new LinkedHashMap<>();
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (args[i].equals("--map")) {
                String[] kv = args[i + 1].split("=", 2);
                map.put(kv[0], kv[1]);
            } else {
                opts.put(args[i], args[i + 1]);
            }
        }
        AddressRewrite rewrite = new AddressRewrite(map);
        CaptureScript script = CaptureScript.load(Path.of(required(opts, "--captures")),
                List.of(required(opts, "--files").split(",")), required(opts, "--role"), rewrite::toTest);
        SlpReplayResponder r = new SlpReplayResponder(script, rewrite, required(opts, "--address"),
                Integer.parseInt(opts.getOrDefault("--drop-first", "0")));
        r.run(Path.of(required(opts, "--control")));
    }

    private void run(Path control) throws IOException {
        DatagramChannel udp = DatagramChannel.open(StandardProtocolFamily.INET);
        udp.setOption(StandardSocketOptions.SO_REUSEADDR, true);
        udp.bind(new InetSocketAddress(PORT));
        udp.join(GROUP, nif);
        udp.setOption(StandardSocketOptions.IP_MULTICAST_IF, nif);
        udp.setOption(StandardSocketOptions.IP_MULTICAST_LOOP, false);
        ServerSocket tcp = new ServerSocket();
        tcp.setReuseAddress(true);
        tcp.bind(new InetSocketAddress(InetAddress.getByName(self), PORT));
        Thread tcpThread = new Thread(() -> acceptLoop(tcp), "slp-replay-tcp");
        tcpThread.setDaemon(true);
        tcpThread.start();
        Thread controlThread = new Thread(() -> controlLoop(control, udp), "slp-replay-control");
        controlThread.setDaemon(true);
        controlThread.start();
        say("READY address=" + self + " udp=0.0.0.0:" + PORT + " group=" + GROUP.getHostAddress() + "@" + nif.getName()
                + " tcp=" + self + ":" + PORT);
        ByteBuffer buf = ByteBuffer.allocate(65_535);
        while (true) {
            buf.clear();
            InetSocketAddress from = (InetSocketAddress) udp.receive(buf);
            buf.flip();
            byte[] bytes = new byte[buf.remaining()];
            buf.get(bytes);
            for (byte[] reply : answer(bytes, false, from)) {
                udp.send(ByteBuffer.wrap(reply), from);
            }
        }
    }

    /** The replies to one request (empty when silent), logging what happened. */
    private synchronized List<byte[]> answer(byte[] request, boolean tcp, InetSocketAddress from) {
        String transport = tcp ? "TCP" : "UDP";
        SlpMessage m;
        try {
            m = SlpDecoder.decode(Unpooled.wrappedBuffer(request));
        } catch (SlpFormatException e) {
            say("SILENT " + transport + " from=" + endpoint(from) + " undecodable: " + e.getMessage());
            return List.of();
        }
        List<String> prList = CaptureScript.previousResponders(m);
        say("RECV " + transport + " from=" + endpoint(from) + " xid=" + m.header().xid() + " fn="
                + m.header().function().rfcName() + " mcast=" + m.header().requestMulticast() + " lang="
                + m.header().languageTag() + " prlist=" + String.join(",", prList));
        if (!tcp && dropFirst > 0) {
            dropFirst--;
            say("SILENT " + transport + " xid=" + m.header().xid() + " dropped on purpose");
            return List.of();
        }
        if (prList.contains(self)) {
            say("SILENT " + transport + " xid=" + m.header().xid() + " own address in the previous-responder list");
            return List.of();
        }
        Optional<String> key = CaptureScript.key(request, tcp, UnaryOperator.identity());
        List<CaptureScript.Captured> captured = key.map(script::repliesTo).orElse(List.of());
        if (captured.isEmpty()) {
            say("SILENT " + transport + " xid=" + m.header().xid() + " no captured reply for " + key.orElse("?"));
            return List.of();
        }
        List<byte[]> out = new ArrayList<>();
        for (CaptureScript.Captured c : captured) {
            AddressRewrite.Result r = rewrite.rewrite(c.bytes(), m.header().xid());
            say("REPLY " + transport + " to=" + endpoint(from) + " xid=" + m.header().xid() + " bytes="
                    + r.bytes().length + " capture=" + c + " rewrite=" + r.mode());
            out.add(r.bytes());
        }
        return out;
    }

    private void acceptLoop(ServerSocket server) {
        while (true) {
            try {
                Socket s = server.accept();
                Thread t = new Thread(() -> serve(s), "slp-replay-tcp-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                say("TCP accept failed: " + e.getMessage());
                return;
            }
        }
    }

    private void serve(Socket s) {
        try (s; DataInputStream in = new DataInputStream(s.getInputStream()); OutputStream out = s.getOutputStream()) {
            InetSocketAddress from = (InetSocketAddress) s.getRemoteSocketAddress();
            while (true) {
                byte[] head = new byte[5];
                try {
                    in.readFully(head);
                } catch (EOFException eof) {
                    return;
                }
                int length = ((head[2] & 0xFF) << 16) | ((head[3] & 0xFF) << 8) | (head[4] & 0xFF);
                byte[] message = Arrays.copyOf(head, Math.max(5, length));
                in.readFully(message, 5, message.length - 5);
                for (byte[] reply : answer(message, true, from)) {
                    out.write(reply);
                }
                out.flush();
            }
        } catch (IOException e) {
            say("TCP connection failed: " + e.getMessage());
        }
    }

    private void controlLoop(Path fifo, DatagramChannel udp) {
        while (true) {
            try (InputStream in = Files.newInputStream(fifo);
                    BufferedReader reader = new BufferedReader(new java.io.InputStreamReader(in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    String[] w = line.trim().split("\\s+");
                    if (w.length == 3 && w[0].equals("send")) {
                        CaptureScript.Captured c = script.message(w[1], Integer.parseInt(w[2]));
                        AddressRewrite.Result r = rewrite.rewrite(c.bytes(), c.xid());
                        udp.send(ByteBuffer.wrap(r.bytes()), new InetSocketAddress(GROUP, PORT));
                        say("SENT " + c + " to=" + GROUP.getHostAddress() + ":" + PORT + " bytes=" + r.bytes().length
                                + " rewrite=" + r.mode());
                    } else if (!line.isBlank()) {
                        say("BAD COMMAND " + line);
                    }
                }
            } catch (IOException | RuntimeException e) {
                say("CONTROL failed: " + e);
                return;
            }
        }
    }

    private static synchronized void say(String line) {
        System.out.println(line);
        System.out.flush();
    }

    private static String endpoint(InetSocketAddress a) {
        return a.getAddress().getHostAddress() + ":" + a.getPort();
    }

    private static String required(Map<String, String> opts, String name) {
        String v = opts.get(name);
        if (v == null) {
            throw new IllegalArgumentException("missing argument " + name);
        }
        return v;
    }

    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
