package io.lunbridge.protocol.input;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * A stream of UTF-16 units decoded strictly from UTF-8, read one at a time with one unit of
 * look-ahead, so a parser can scan a file of any line length in constant memory. A UTF-8
 * byte-order mark at the very start is skipped. Errors are {@link InputFileException}s: a file
 * longer than its byte limit, bytes that are not UTF-8, or a NUL byte (text files have none; both
 * usually mean a binary file was given).
 *
 * <p>Not thread safe. The source owns its stream and closes it in {@link #close()}.
 */
public final class TextSource implements Closeable {
    private static final int CHUNK = 8192;

    private final String name;
    private final InputStream in;
    private final long maxBytes;
    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
    private final ByteBuffer bytes;
    private final CharBuffer chars;
    private long bytesRead;
    private long bytesDecodedBefore;
    private boolean eof;
    private boolean flushed;
    private boolean started;
    private int peeked = -2;
    private InputFileException pendingError;

    private TextSource(String name, InputStream in, long maxBytes, int chunk) {
        this.name = name;
        this.in = in;
        this.maxBytes = maxBytes;
        this.bytes = ByteBuffer.allocate(chunk);
        this.bytes.flip();
        this.chars = CharBuffer.allocate(chunk);
        this.chars.flip();
    }

    /**
     * Opens a file.
     *
     * @param what how the file is named in messages, e.g. "targets file"
     * @param maxBytes the largest file accepted; reading stops one byte past it
     */
    public static TextSource open(Path file, String what, long maxBytes) throws InputFileException {
        return new TextSource(what + " " + file, InputFiles.open(file, what), maxBytes, CHUNK);
    }

    /** A source over bytes already in memory (tests, and text from the store). */
    public static TextSource of(String name, InputStream in, long maxBytes) {
        return new TextSource(name, in, maxBytes, CHUNK);
    }

    /** How the source is named in messages. */
    public String name() {
        return name;
    }

    /** The next unit without consuming it, or -1 at the end. */
    public int peek() throws InputFileException {
        if (peeked == -2) {
            peeked = next();
        }
        return peeked;
    }

    /** The next unit, or -1 at the end. */
    public int read() throws InputFileException {
        int c = peek();
        peeked = -2;
        return c;
    }

    private int next() throws InputFileException {
        while (!chars.hasRemaining()) {
            if (flushed) {
                return -1;
            }
            fill();
        }
        char c = chars.get();
        if (!started) {
            started = true;
            if (c == '\ufeff') {
                return next();
            }
        }
        if (c == 0) {
            throw new InputFileException(name, "binary data (a NUL byte) near byte " + bytesDecodedBefore
                    + "; expected UTF-8 text");
        }
        return c;
    }

    private void fill() throws InputFileException {
        if (pendingError != null) {
            throw pendingError;
        }
        chars.clear();
        while (chars.position() == 0 && !flushed) {
            if (!eof && bytes.remaining() < 4) {
                bytes.compact();
                int n = readInto(bytes);
                bytes.flip();
                eof = n < 0;
            }
            int before = bytes.position();
            CoderResult r = decoder.decode(bytes, chars, eof);
            bytesDecodedBefore += bytes.position() - before;
            if (r.isError()) {
                int bad = bytes.get(bytes.position()) & 0xff;
                InputFileException e = new InputFileException(name, String.format("not UTF-8 text: byte 0x%02x "
                        + "at byte offset %d (a binary file?); expected UTF-8 text", bad, bytesDecodedBefore));
                if (chars.position() == 0) {
                    throw e;
                }
                pendingError = e; // deliver the text before the bad byte first
                break;
            }
            if (eof && !bytes.hasRemaining()) {
                decoder.flush(chars);
                flushed = chars.position() == 0;
            }
        }
        chars.flip();
    }

    private int readInto(ByteBuffer b) throws InputFileException {
        try {
            int n = in.read(b.array(), b.arrayOffset() + b.position(), b.remaining());
            if (n > 0) {
                bytesRead += n;
                if (bytesRead > maxBytes) {
                    throw new InputFileException(name, "too large (more than " + maxBytes + " bytes, at most "
                            + maxBytes + ")");
                }
                b.position(b.position() + n);
            }
            return n;
        } catch (InputFileException e) {
            throw e;
        } catch (IOException e) {
            throw new InputFileException(name, "cannot be read: " + Excerpt.of(String.valueOf(e.getMessage())));
        }
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
