package io.lunbridge.it.harness;

import java.io.EOFException;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A small NBD client over a Unix socket: fixed-newstyle handshake, {@code NBD_OPT_GO} for one
 * export, then READ, WRITE and FLUSH with any number of requests in flight, answered by simple
 * replies (structured replies are never asked for).
 *
 * <p>Why written here rather than taken from a library: there is no maintained Java NBD client, and
 * the fault tests need what command-line clients do not give: many requests in flight, every
 * completion (or error) of every request with its time, and a connection that keeps going after an
 * error reply. It is independent of the project's server code on purpose (a shared codec would
 * share its bugs). Protocol: NetworkBlockDevice's doc/proto.md.
 *
 * <p>Requests may be submitted from any thread (a lock serialises them on the socket); one reader
 * thread completes the futures. When the connection ends every pending and later request fails with
 * {@link NbdConnectionLostException}. Buffer ownership: {@link #write(long, ByteBuffer)} reads the
 * buffer's remaining bytes before it returns and never keeps it; read replies are fresh heap buffers
 * owned by the caller.
 */
public final class NbdClient implements AutoCloseable {

    /** NBD error numbers (from the protocol, Linux values). */
    public static final int EIO = 5;

    private static final long NBDMAGIC = 0x4e42444d41474943L;
    private static final long IHAVEOPT = 0x49484156454F5054L;
    private static final long OPT_REPLY_MAGIC = 0x3e889045565a9L;
    private static final int FLAG_FIXED_NEWSTYLE = 1;
    private static final int FLAG_NO_ZEROES = 2;
    private static final int OPT_GO = 7;
    private static final int REP_ACK = 1;
    private static final int REP_INFO = 3;
    private static final int INFO_EXPORT = 0;
    private static final int INFO_BLOCK_SIZE = 3;
    private static final int REQUEST_MAGIC = 0x25609513;
    private static final int SIMPLE_REPLY_MAGIC = 0x67446698;
    private static final int CMD_READ = 0;
    private static final int CMD_WRITE = 1;
    private static final int CMD_DISC = 2;
    private static final int CMD_FLUSH = 3;

    /**
     * What the server said about the export in its NBD_OPT_GO reply.
     *
     * @param sizeBytes         export size
     * @param transmissionFlags NBD_FLAG_* of the export
     * @param maxBlockBytes     the largest request the server accepts (32 MiB when it did not say)
     */
    public record ExportInfo(long sizeBytes, int transmissionFlags, long maxBlockBytes) {
    }

    /**
     * The completion of one request.
     *
     * @param error         the NBD error (0 = success)
     * @param data          the data of a successful READ (else null)
     * @param completedNanos {@link System#nanoTime()} when the reply was read
     */
    public record Reply(int error, ByteBuffer data, long completedNanos) {
        /** True when the server reported success. */
        public boolean ok() {
            return error == 0;
        }
    }

    /** A request whose reply never came because the connection ended. */
    public static final class NbdConnectionLostException extends IOException {
        NbdConnectionLostException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private record Pending(int type, int length, CompletableFuture<Reply> future) {
    }

    private final SocketChannel channel;
    private final ExportInfo info;
    private final Map<Long, Pending> pending = new ConcurrentHashMap<>();
    private final AtomicLong handles = new AtomicLong(1);
    private final ReentrantLock sendLock = new ReentrantLock();
    private final Thread reader;
    private volatile IOException lost;

    private NbdClient(SocketChannel channel, ExportInfo info) {
        this.channel = channel;
        this.info = info;
        this.reader = new Thread(this::readReplies, "nbd-client-reader");
        this.reader.setDaemon(true);
    }

    /**
     * Connects to {@code socket} and negotiates export {@code export} with NBD_OPT_GO.
     *
     * @throws IOException when the server is not there or refuses the export (message with the reply type)
     */
    public static NbdClient connect(Path socket, String export) throws IOException {
        SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            ch.connect(UnixDomainSocketAddress.of(socket));
            ExportInfo info = handshake(ch, export);
            NbdClient client = new NbdClient(ch, info);
            client.reader.start();
            return client;
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    private static ExportInfo handshake(SocketChannel ch, String export) throws IOException {
        ByteBuffer greeting = readFully(ch, 18);
        if (greeting.getLong() != NBDMAGIC || greeting.getLong() != IHAVEOPT) {
            throw new IOException("NBD server at " + ch.getRemoteAddress() + " is not fixed-newstyle");
        }
        int serverFlags = greeting.getShort() & 0xffff;
        if ((serverFlags & FLAG_FIXED_NEWSTYLE) == 0) {
            throw new IOException("NBD server lacks NBD_FLAG_FIXED_NEWSTYLE (flags " + serverFlags + ")");
        }
        byte[] name = export.getBytes(StandardCharsets.UTF_8);
        ByteBuffer out = ByteBuffer.allocate(4 + 16 + 4 + name.length + 2 + 2);
        out.putInt(FLAG_FIXED_NEWSTYLE | (serverFlags & FLAG_NO_ZEROES));
        out.putLong(IHAVEOPT).putInt(OPT_GO).putInt(4 + name.length + 2 + 2);
        out.putInt(name.length).put(name).putShort((short) 1).putShort((short) INFO_BLOCK_SIZE);
        writeFully(ch, out.flip());
        long size = -1;
        int flags = 0;
        long max = 32L << 20;
        while (true) {
            ByteBuffer head = readFully(ch, 20);
            if (head.getLong() != OPT_REPLY_MAGIC) {
                throw new IOException("bad option reply magic from NBD server");
            }
            head.getInt(); // option
            int type = head.getInt();
            int length = head.getInt();
            ByteBuffer body = readFully(ch, length);
            if (type == REP_ACK) {
                break;
            }
            if (type < 0) {
                byte[] text = new byte[body.remaining()];
                body.get(text);
                throw new IOException("NBD_OPT_GO for export '" + export + "' refused: reply type 0x"
                        + Integer.toHexString(type) + " " + new String(text, StandardCharsets.UTF_8));
            }
            if (type == REP_INFO && length >= 2) {
                int infoType = body.getShort() & 0xffff;
                if (infoType == INFO_EXPORT) {
                    size = body.getLong();
                    flags = body.getShort() & 0xffff;
                } else if (infoType == INFO_BLOCK_SIZE) {
                    body.getInt();
                    body.getInt();
                    max = body.getInt() & 0xffffffffL;
                }
            }
        }
        if (size < 0) {
            throw new IOException("NBD server acknowledged NBD_OPT_GO without NBD_INFO_EXPORT");
        }
        return new ExportInfo(size, flags, max);
    }

    /** The export as negotiated. */
    public ExportInfo info() {
        return info;
    }

    /** Reads {@code length} bytes at {@code offset}. */
    public CompletableFuture<Reply> read(long offset, int length) {
        return send(CMD_READ, offset, length, null);
    }

    /** Writes the remaining bytes of {@code data} at {@code offset} (see the class comment on ownership). */
    public CompletableFuture<Reply> write(long offset, ByteBuffer data) {
        return send(CMD_WRITE, offset, data.remaining(), data);
    }

    /** Flushes the export's write cache. */
    public CompletableFuture<Reply> flush() {
        return send(CMD_FLUSH, 0, 0, null);
    }

    private CompletableFuture<Reply> send(int type, long offset, int length, ByteBuffer payload) {
        CompletableFuture<Reply> future = new CompletableFuture<>();
        long handle = handles.getAndIncrement();
        ByteBuffer header = ByteBuffer.allocate(28);
        header.putInt(REQUEST_MAGIC).putShort((short) 0).putShort((short) type).putLong(handle)
                .putLong(offset).putInt(length).flip();
        sendLock.lock();
        try {
            if (lost != null) {
                future.completeExceptionally(lost);
                return future;
            }
            if (type != CMD_DISC) { // DISC has no reply
                pending.put(handle, new Pending(type, length, future));
            }
            writeFully(channel, header);
            if (payload != null) {
                writeFully(channel, payload.duplicate());
            }
        } catch (IOException e) {
            connectionLost(e);
        } finally {
            sendLock.unlock();
        }
        return future;
    }

    private void readReplies() {
        try {
            while (true) {
                ByteBuffer head = readFully(channel, 16);
                int magic = head.getInt();
                if (magic != SIMPLE_REPLY_MAGIC) {
                    throw new IOException("unexpected NBD reply magic 0x" + Integer.toHexString(magic));
                }
                int error = head.getInt();
                long handle = head.getLong();
                Pending p = pending.remove(handle);
                if (p == null) {
                    throw new IOException("NBD reply for unknown handle " + handle);
                }
                ByteBuffer data = null;
                if (p.type() == CMD_READ && error == 0) {
                    data = readFully(channel, p.length());
                }
                p.future().complete(new Reply(error, data, System.nanoTime()));
            }
        } catch (IOException e) {
            connectionLost(e);
        }
    }

    private void connectionLost(IOException cause) {
        if (lost == null) {
            lost = new NbdConnectionLostException("NBD connection lost: " + cause.getMessage(), cause);
        }
        for (Long handle : pending.keySet()) {
            Pending p = pending.remove(handle);
            if (p != null) {
                p.future().completeExceptionally(lost);
            }
        }
    }

    /** True until the connection ended. */
    public boolean isConnected() {
        return lost == null;
    }

    /** Sends NBD_CMD_DISC (when still connected) and closes the socket; idempotent. */
    @Override
    public void close() throws IOException {
        if (lost == null && channel.isOpen()) {
            try {
                send(CMD_DISC, 0, 0, null);
            } catch (RuntimeException ignored) {
                // closing anyway
            }
        }
        channel.close();
        try {
            reader.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static ByteBuffer readFully(SocketChannel ch, int length) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(length);
        while (buf.hasRemaining()) {
            if (ch.read(buf) < 0) {
                throw new EOFException("NBD server closed the connection");
            }
        }
        return buf.flip();
    }

    private static void writeFully(SocketChannel ch, ByteBuffer buf) throws IOException {
        while (buf.hasRemaining()) {
            ch.write(buf);
        }
    }
}
