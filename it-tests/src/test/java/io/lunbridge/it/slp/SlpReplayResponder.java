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
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
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
 *
 * <p>{@link #embedded} runs the same responder inside the test's JVM on a loopback address and an
 * ephemeral port (UDP and TCP), without the multicast group: unit tests send the user agent's
 * "multicast" requests to that unicast address instead. An embedded responder can hold the replies
 * to one request function ({@link #hold}) and release them one by one, so that a test sees how
 * many requests the user agent keeps outstanding.
 */
public final class SlpReplayResponder implements AutoCloseable {
    private static final int PORT = 427;
    private static final InetAddress GROUP = address("239.255.255.253");

    private final CaptureScript script;
    private final AddressRewrite rewrite;
    private final String self;
    private final NetworkInterface nif;
    private final Consumer<String> out;
    private int dropFirst;
    private String holding;
    private final Deque<Held> held = new ArrayDeque<>();
    private int mostHeld;
    private DatagramChannel udp;
    private ServerSocket tcp;

    /** A reply kept back until released. */
    private record Held(byte[] reply, InetSocketAddress to, int xid) {
    }

    private SlpReplayResponder(CaptureScript script, AddressRewrite rewrite, String self, int dropFirst,
            Consumer<String> out, boolean multicast) throws IOException {
        this.script = script;
        this.rewrite = rewrite;
        this.self = self;
        this.nif = multicast ? NetworkInterface.getByInetAddress(InetAddress.getByName(self)) : null;
        if (multicast && nif == null) {
            throw new IllegalArgumentException("--address " + self + ": no interface here has it");
        }
        this.dropFirst = dropFirst;
        this.out = out;
    }

    /**
     * Starts a responder in this JVM that plays {@code role} from {@code files} of {@code captures}
     * (a file given as an absolute path is read from there), answering on {@code address} (a
     * loopback address such as 127.0.0.11) at an ephemeral port for UDP and TCP; capture addresses
     * are rewritten per {@code map}, the role to {@code address}. Each event line goes to
     * {@code log}. Close it to stop.
     */
    static SlpReplayResponder embedded(Path captures, List<String> files, String role, String address,
            Map<String, String> map, Consumer<String> log) throws IOException {
        Map<String, String> all = new LinkedHashMap<>(map);
        all.putIfAbsent(role, address);
        AddressRewrite rewrite = new AddressRewrite(all);
        CaptureScript script = CaptureScript.load(captures, files, role, rewrite::toTest);
        SlpReplayResponder r = new SlpReplayResponder(script, rewrite, address, 0, log, false);
        r.open(new InetSocketAddress(InetAddress.getByName(address), 0), false);
        Thread t = new Thread(r::receiveLoop, "slp-replay-udp");
        t.setDaemon(true);
        t.start();
        return r;
    }

    /** The UDP (and TCP) port. */
    int port() {
        return ((InetSocketAddress) tcp.getLocalSocketAddress()).getPort();
    }

    /** From now on, keeps back the UDP replies to requests of this function (e.g. AttrRqst). */
    synchronized void hold(String function) {
        holding = function;
    }

    /** How many replies are held now. */
    synchronized int held() {
        return held.size();
    }

    /** The most replies held at once so far. */
    synchronized int mostHeld() {
        return mostHeld;
    }

    /** Sends the oldest held reply. */
    synchronized void releaseOne() throws IOException {
        Held h = held.removeFirst();
        udp.send(ByteBuffer.wrap(h.reply()), h.to());
        say("RELEASED xid=" + h.xid() + " to=" + endpoint(h.to()));
    }

    /** Stops holding and sends every held reply. */
    synchronized void releaseAll() throws IOException {
        holding = null;
        while (!held.isEmpty()) {
            releaseOne();
        }
    }

    @Override
    public void close() throws IOException {
        tcp.close();
        udp.close();
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
                Integer.parseInt(opts.getOrDefault("--drop-first", "0")), SlpReplayResponder::print, true);
        r.open(new InetSocketAddress(PORT), true);
        Thread controlThread = new Thread(() -> r.controlLoop(Path.of(required(opts, "--control"))),
                "slp-replay-control");
        controlThread.setDaemon(true);
        controlThread.start();
        r.say("READY address=" + r.self + " udp=0.0.0.0:" + PORT + " group=" + GROUP.getHostAddress() + "@"
                + r.nif.getName() + " tcp=" + r.self + ":" + PORT);
        r.receiveLoop();
    }

    /** Binds UDP to {@code udpBind} (joining the SLP group when asked) and TCP to the same port on {@code self}. */
    private void open(InetSocketAddress udpBind, boolean joinGroup) throws IOException {
        udp = DatagramChannel.open(StandardProtocolFamily.INET);
        udp.setOption(StandardSocketOptions.SO_REUSEADDR, true);
        udp.bind(udpBind);
        if (joinGroup) {
            udp.join(GROUP, nif);
            udp.setOption(StandardSocketOptions.IP_MULTICAST_IF, nif);
            udp.setOption(StandardSocketOptions.IP_MULTICAST_LOOP, false);
        }
        int port = ((InetSocketAddress) udp.getLocalAddress()).getPort();
        tcp = new ServerSocket();
        tcp.setReuseAddress(true);
        tcp.bind(new InetSocketAddress(InetAddress.getByName(self), port));
        Thread tcpThread = new Thread(() -> acceptLoop(tcp), "slp-replay-tcp");
        tcpThread.setDaemon(true);
        tcpThread.start();
    }

    private void receiveLoop() {
        ByteBuffer buf = ByteBuffer.allocate(65_535);
        while (udp.isOpen()) {
            try {
                buf.clear();
                InetSocketAddress from = (InetSocketAddress) udp.receive(buf);
                buf.flip();
                byte[] bytes = new byte[buf.remaining()];
                buf.get(bytes);
                synchronized (this) {
                    for (byte[] reply : answer(bytes, false, from)) {
                        int xid = ((reply[10] & 0xFF) << 8) | (reply[11] & 0xFF);
                        if (holding != null && holding.equals(functionOf(bytes))) {
                            held.addLast(new Held(reply, from, xid));
                            mostHeld = Math.max(mostHeld, held.size());
                            say("HELD xid=" + xid + " held=" + held.size());
                        } else {
                            udp.send(ByteBuffer.wrap(reply), from);
                        }
                    }
                }
            } catch (IOException e) {
                if (udp.isOpen()) {
                    say("UDP receive failed: " + e.getMessage());
                }
                return;
            }
        }
    }

    private static String functionOf(byte[] request) {
        try {
            return SlpDecoder.decode(Unpooled.wrappedBuffer(request)).header().function().rfcName();
        } catch (SlpFormatException e) {
            return "?";
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
                if (!server.isClosed()) {
                    say("TCP accept failed: " + e.getMessage());
                }
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

    private void controlLoop(Path fifo) {
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

    private void say(String line) {
        out.accept(line);
    }

    private static synchronized void print(String line) {
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
