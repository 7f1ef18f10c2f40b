package io.lunbridge.protocol.input;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Opening and reading input files with the errors a user can act on. Every failure is an
 * {@link InputFileException} naming the file: "no such file", "is a directory", "permission
 * denied", "larger than N bytes".
 */
public final class InputFiles {
    private InputFiles() {
    }

    /**
     * Opens {@code file} for reading; the caller closes the stream.
     *
     * @param what how the file is named in messages, e.g. "targets file"
     */
    public static InputStream open(Path file, String what) throws InputFileException {
        String name = what + " " + file;
        if (Files.isDirectory(file)) {
            throw new InputFileException(name, "is a directory, expected a file");
        }
        try {
            return Files.newInputStream(file);
        } catch (NoSuchFileException e) {
            throw new InputFileException(name, "no such file");
        } catch (AccessDeniedException e) {
            throw new InputFileException(name, "permission denied");
        } catch (IOException e) {
            throw new InputFileException(name, "cannot be read: " + Excerpt.of(String.valueOf(e.getMessage())));
        }
    }

    /**
     * Reads the whole of a small file, refusing one longer than {@code maxBytes} without reading
     * more than one byte past the limit (a FIFO or a device cannot make it loop or allocate more).
     *
     * @param what how the file is named in messages, e.g. "CHAP secret file"
     * @throws InputFileException naming the file and, when it is too long, the limit
     */
    public static byte[] readAll(Path file, String what, int maxBytes) throws InputFileException {
        String name = what + " " + file;
        try (InputStream in = open(file, what)) {
            byte[] buffer = in.readNBytes(maxBytes + 1);
            if (buffer.length > maxBytes) {
                Arrays.fill(buffer, (byte) 0);
                throw new InputFileException(name, "too long (more than " + maxBytes + " bytes, at most "
                        + maxBytes + ")");
            }
            return buffer;
        } catch (InputFileException e) {
            throw e;
        } catch (IOException e) {
            throw new InputFileException(name, "cannot be read: " + Excerpt.of(String.valueOf(e.getMessage())));
        }
    }
}
