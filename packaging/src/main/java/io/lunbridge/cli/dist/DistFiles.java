package io.lunbridge.cli.dist;

import io.lunbridge.cli.Main;
import java.io.IOException;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import picocli.AutoComplete;
import picocli.CommandLine;

/**
 * Writes the files the Debian package ships that are derived from the code, so that they cannot
 * drift from it: the man pages (from the picocli model and {@code ConfigKey}), the bash completion
 * (picocli's {@link AutoComplete}) and the commented default {@code lunbridge.conf}. Run by the
 * build ({@code deb/pom.xml}) as {@code DistFiles OUTPUT_DIR TEMPLATE_DIR SYSTEMD_DIR VERSION}; the
 * layout under OUTPUT_DIR is the installed one (usr/share/man/…, etc/lunbridge/…) plus control/,
 * see {@link PackageFiles}.
 */
public final class DistFiles {
    private DistFiles() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 4) {
            throw new IllegalArgumentException("usage: DistFiles OUTPUT_DIR TEMPLATE_DIR SYSTEMD_DIR VERSION");
        }
        Path out = Path.of(args[0]);
        write(out);
        new PackageFiles(Path.of(args[1]), Path.of(args[2]), args[3]).write(out);
    }

    /** Writes every file under {@code root}. */
    public static void write(Path root) throws IOException {
        CommandLine cli = Main.commandLine();
        ManPages pages = new ManPages(cli);
        Path man8 = root.resolve("usr/share/man/man8");
        for (Map.Entry<String, String> page : pages.pages().entrySet()) {
            gzip(man8.resolve(page.getKey() + ".gz"), page.getValue());
        }
        gzip(root.resolve("usr/share/man/man5/lunbridge.conf.5.gz"),
                ConfigFilePages.manPage(cli.getCommandSpec().version()[0]));
        text(root.resolve("usr/share/bash-completion/completions/lunbridge"),
                withoutHashbang(AutoComplete.bash(cli.getCommandName(), cli)));
        text(root.resolve("etc/lunbridge/lunbridge.conf"), ConfigFilePages.sampleConfiguration());
    }

    /** A completion file is sourced, not run: its "#!" line is noise (lintian says so). */
    static String withoutHashbang(String script) {
        return script.startsWith("#!") ? script.substring(script.indexOf('\n') + 1) : script;
    }

    static void text(Path file, String content) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, content, StandardCharsets.UTF_8);
    }

    /**
     * gzip -9n: best compression, flagged as such in the header (XFL = 2, which lintian checks; the
     * JDK's GZIPOutputStream writes 0), no file name and a zero time, so builds are reproducible.
     */
    static void gzip(Path file, String content) throws IOException {
        byte[] data = content.getBytes(StandardCharsets.UTF_8);
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, true);
        deflater.setInput(data);
        deflater.finish();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(new byte[] {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 2, 3});
        byte[] chunk = new byte[8192];
        while (!deflater.finished()) {
            out.write(chunk, 0, deflater.deflate(chunk));
        }
        deflater.end();
        CRC32 crc = new CRC32();
        crc.update(data);
        ByteBuffer trailer = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        trailer.putInt((int) crc.getValue()).putInt(data.length);
        out.write(trailer.array());
        Files.createDirectories(file.getParent());
        Files.write(file, out.toByteArray());
    }
}
