package io.lunbridge.app.lifecycle;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * The host-wide claim of one (target, LUN): {@code RUN/locks/HASH.lock}, HASH the first 16 hex
 * digits of SHA-256 over "TARGET LUN-BYTES", locked with a POSIX record lock (fcntl, through
 * {@link FileChannel#tryLock()}) for as long as the attach process lives, and holding its
 * {@link AttachmentRecord}. The kernel drops the lock when the process dies however it dies, so a
 * non-empty file that can be locked is the record of a killed attach: stale state to clean up.
 * A clean release empties the file (it is never deleted, so two processes always lock the same
 * inode).
 *
 * <p>Within one process, a lock file must not be opened a second time while locked: closing any
 * descriptor of the file would drop the POSIX lock.
 */
public final class AttachmentLock implements AutoCloseable {
    private final Path path;
    private final FileChannel channel;
    private final FileLock lock;
    private final Optional<AttachmentRecord> stale;

    private AttachmentLock(Path path, FileChannel channel, FileLock lock, Optional<AttachmentRecord> stale) {
        this.path = path;
        this.channel = channel;
        this.lock = lock;
        this.stale = stale;
    }

    /** The lock file of {@code target}'s LUN {@code lunBytes} (16 hex digits). */
    public static Path path(RunDirectory run, String target, String lunBytes) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256")
                    .digest((target + " " + lunBytes).getBytes(StandardCharsets.UTF_8));
            return run.locks().resolve(HexFormat.of().formatHex(h, 0, 8) + ".lock");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /**
     * Claims the LUN for {@code record}'s process and writes the record.
     *
     * @throws AlreadyAttachedException if a live process holds it, naming its device and pid
     */
    public static AttachmentLock acquire(RunDirectory run, String lunBytes, AttachmentRecord record)
            throws IOException {
        RunDirectory.privateDirectory(run.locks());
        Path p = path(run, record.target(), lunBytes);
        Holder h = open(p);
        if (h.lock == null) {
            h.channel.close();
            throw new AlreadyAttachedException(record.target(), record.lun(), h.record);
        }
        AttachmentLock l = new AttachmentLock(p, h.channel, h.lock, h.record);
        l.update(record);
        return l;
    }

    /** The record of the killed attach process whose claim this one took over, if any. */
    public Optional<AttachmentRecord> stale() {
        return stale;
    }

    /** Rewrites the record (e.g. once the device is known). */
    public void update(AttachmentRecord record) throws IOException {
        byte[] b = record.format().getBytes(StandardCharsets.UTF_8);
        channel.truncate(0);
        channel.write(ByteBuffer.wrap(b), 0);
        channel.force(false);
    }

    /** Whether the claim is still held by this process. */
    public boolean isOpen() {
        return channel.isOpen();
    }

    public Path path() {
        return path;
    }

    /** Releases the claim and keeps the record (a stale one looked at, not cleaned). */
    public void release() throws IOException {
        try {
            lock.release();
        } finally {
            channel.close();
        }
    }

    /** Empties the record and releases the claim. */
    @Override
    public void close() throws IOException {
        try {
            channel.truncate(0);
            lock.release();
        } finally {
            channel.close();
        }
    }

    /** A lock file as another process sees it. */
    public sealed interface State permits Live, Stale {
    }

    /** Held by a live attach process. */
    public record Live(AttachmentRecord record) implements State {
    }

    /**
     * Left by a killed attach process; the caller now holds the claim and must {@link #close()}
     * it once it has cleaned up, or {@link #release()} it to leave it for someone else.
     */
    public record Stale(AttachmentRecord record, AttachmentLock claim) implements State {
    }

    /** Every non-empty lock file in {@code run}, live or stale (stale ones are now claimed by the caller). */
    public static List<State> scan(RunDirectory run) throws IOException {
        List<State> out = new ArrayList<>();
        if (!Files.isDirectory(run.locks())) {
            return out;
        }
        try (DirectoryStream<Path> s = Files.newDirectoryStream(run.locks(), "*.lock")) {
            for (Path p : s) {
                Holder h = open(p);
                if (h.record.isEmpty()) {
                    if (h.lock != null) {
                        h.lock.release();
                    }
                    h.channel.close();
                } else if (h.lock == null) {
                    h.channel.close();
                    out.add(new Live(h.record.get()));
                } else {
                    out.add(new Stale(h.record.get(), new AttachmentLock(p, h.channel, h.lock, h.record)));
                }
            }
        }
        return out;
    }

    private record Holder(FileChannel channel, FileLock lock, Optional<AttachmentRecord> record) {
    }

    private static Holder open(Path p) throws IOException {
        FileChannel ch = FileChannel.open(p, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        try {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-------"));
            FileLock lock;
            try {
                lock = ch.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null; // this JVM holds it
            }
            ByteBuffer buf = ByteBuffer.allocate((int) Math.min(ch.size(), 1 << 16));
            ch.read(buf, 0);
            String text = new String(buf.array(), 0, buf.position(), StandardCharsets.UTF_8);
            return new Holder(ch, lock, AttachmentRecord.parse(text));
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }
}
