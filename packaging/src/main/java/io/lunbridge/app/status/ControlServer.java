package io.lunbridge.app.status;

import io.lunbridge.mpio.DeviceStatus;
import io.lunbridge.mpio.MultipathDevice;
import io.lunbridge.mpio.ReplacementTimeout;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoop;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.EpollDomainSocketChannel;
import io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.handler.codec.LineBasedFrameDecoder;
import io.netty.handler.codec.string.StringDecoder;
import io.netty.handler.codec.string.StringEncoder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The control socket of a running {@code serve} or {@code attach}: a Unix stream socket (mode 0600,
 * in a 0700 directory; peers other than root and this process' own user are refused by their
 * SO_PEERCRED credentials). One request line per connection, one response, then the server closes:
 * <ul>
 *   <li>{@code status} — the text of {@link StatusRenderer#text};</li>
 *   <li>{@code status json} — one JSON object, {@link StatusRenderer#json};</li>
 *   <li>{@code set replacement-timeout VALUE [DEVICE]} — VALUE seconds or {@code queue}, for every
 *       device or the one named; answers {@code ok: …} or {@code error: …}.</li>
 * </ul>
 */
public final class ControlServer implements AutoCloseable {
    private static final Logger LOG = LogManager.getLogger(ControlServer.class);
    /** The directory {@code lunbridge status} looks in by default. */
    public static final Path DEFAULT_DIR = Path.of("/run/lunbridge/ctl");
    private static final int MAX_LINE = 1024;

    private final Path path;
    private final Channel server;

    private ControlServer(Path path, Channel server) {
        this.path = path;
        this.server = server;
    }

    /** Listens on {@code path} (an existing socket file left by a dead process is replaced). */
    public static ControlServer start(Path path, EventLoop loop, String verb, String target,
                                      List<MultipathDevice> devices) throws IOException {
        Path dir = path.toAbsolutePath().getParent();
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
        Files.deleteIfExists(path);
        long pid = ProcessHandle.current().pid();
        int ownUid = ownUid();
        Channel ch = new ServerBootstrap().group(loop).channel(EpollServerDomainSocketChannel.class)
                .childHandler(new ChannelInitializer<EpollDomainSocketChannel>() {
                    @Override
                    protected void initChannel(EpollDomainSocketChannel c) throws Exception {
                        int uid = c.peerCredentials().uid();
                        if (uid != 0 && uid != ownUid) {
                            LOG.info("control socket {}: refused a client with uid {} (root only)", path, uid);
                            c.writeAndFlush(c.alloc().buffer().writeBytes(("error: permission denied: the control "
                                    + "socket answers root only\n").getBytes(StandardCharsets.UTF_8)))
                                    .addListener(f -> c.close());
                            return;
                        }
                        c.pipeline().addLast(new LineBasedFrameDecoder(MAX_LINE), new StringDecoder(StandardCharsets.UTF_8),
                                new StringEncoder(StandardCharsets.UTF_8),
                                new Handler(pid, verb, target, devices));
                    }
                }).bind(new DomainSocketAddress(path.toString())).syncUninterruptibly().channel();
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));
        return new ControlServer(path, ch);
    }

    private static int ownUid() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    return Integer.parseInt(line.substring(4).trim().split("\\s+")[0]);
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("cannot read the process uid: {}", e.getMessage());
        }
        return 0;
    }

    public Path path() {
        return path;
    }

    private static final class Handler extends SimpleChannelInboundHandler<String> {
        private final long pid;
        private final String verb;
        private final String target;
        private final List<MultipathDevice> devices;

        Handler(long pid, String verb, String target, List<MultipathDevice> devices) {
            this.pid = pid;
            this.verb = verb;
            this.target = target;
            this.devices = devices;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, String line) {
            String[] words = line.trim().split("\\s+");
            answer(words).whenComplete((text, e) -> ctx.writeAndFlush(e != null ? "error: " + e.getMessage() + "\n" : text)
                    .addListener(f -> ctx.close()));
        }

        private CompletableFuture<String> answer(String[] w) {
            if (w.length >= 1 && w[0].equals("status")) {
                boolean json = w.length > 1 && w[1].equals("json");
                List<CompletableFuture<DeviceStatus>> all = new ArrayList<>();
                for (MultipathDevice d : devices) {
                    all.add(d.status());
                }
                return CompletableFuture.allOf(all.toArray(new CompletableFuture<?>[0])).thenApply(v -> {
                    List<DeviceStatus> s = all.stream().map(CompletableFuture::join).toList();
                    return json ? Json.write(StatusRenderer.json(pid, verb, target, s)) + "\n"
                            : StatusRenderer.text(pid, verb, target, s);
                });
            }
            if (w.length >= 3 && w[0].equals("set") && w[1].equals("replacement-timeout")) {
                ReplacementTimeout t;
                try {
                    t = ReplacementTimeout.parse(w[2]);
                } catch (IllegalArgumentException e) {
                    return CompletableFuture.completedFuture("error: " + e.getMessage() + "\n");
                }
                List<CompletableFuture<Void>> changed = new ArrayList<>();
                List<String> names = new ArrayList<>();
                for (MultipathDevice d : devices) {
                    if (w.length < 4 || d.name().equals(w[3]) || d.info().identity().map(w[3]::equals).orElse(false)) {
                        changed.add(d.setReplacementTimeout(t));
                        names.add(d.name());
                    }
                }
                if (names.isEmpty()) {
                    return CompletableFuture.completedFuture("error: no device " + w[3] + " in process " + pid + "\n");
                }
                return CompletableFuture.allOf(changed.toArray(new CompletableFuture<?>[0]))
                        .thenApply(v -> "ok: replacement timeout " + t + " for " + String.join(", ", names) + "\n");
            }
            return CompletableFuture.completedFuture("error: unknown request '" + String.join(" ", w)
                    + "' (expected: status [json] | set replacement-timeout SECONDS|queue [DEVICE])\n");
        }
    }

    @Override
    public void close() {
        server.close().syncUninterruptibly();
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            LOG.debug("cannot remove {}: {}", path, e.getMessage());
        }
    }
}
