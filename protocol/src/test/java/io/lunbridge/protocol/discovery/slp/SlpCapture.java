package io.lunbridge.protocol.discovery.slp;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * One message of an openslp capture file (test resource slp/NN-name.hex, copied from
 * /work/shared/captures/slp): its four annotation lines and its bytes.
 */
record SlpCapture(String file, int index, String transport, String hdr, String body, byte[] bytes) {

    static final List<String> FILES = List.of("00-registration-sa-to-da.hex", "01-da-discovery.hex",
            "02-srvrqst-unicast-da.hex", "03-multicast-convergence-no-da.hex", "04-attrrqst.hex",
            "05-srvtyperqst.hex", "06-errors.hex", "07-overflow-tcp-204urls.hex",
            "07b-overflow-truncated-1004urls.hex", "08-da-shutdown.hex");

    boolean tcp() {
        return transport.contains(" TCP ");
    }

    @Override
    public String toString() {
        return file + " [" + index + "]";
    }

    static List<SlpCapture> load(String file) {
        String text;
        try (InputStream in = SlpCapture.class.getResourceAsStream("/slp/" + file)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource /slp/" + file);
            }
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<SlpCapture> out = new ArrayList<>();
        List<String> comments = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.startsWith("#")) {
                comments.add(line);
            } else if (!line.isBlank()) {
                int n = comments.size();
                String title = comments.get(n - 4);
                int index = Integer.parseInt(title.substring(3, title.indexOf(']')));
                out.add(new SlpCapture(file, index, comments.get(n - 3), strip(comments.get(n - 2), "# hdr: "),
                        strip(comments.get(n - 1), "# body: "), HexFormat.of().parseHex(line.trim())));
                comments.clear();
            }
        }
        return out;
    }

    static List<SlpCapture> all() {
        List<SlpCapture> out = new ArrayList<>();
        FILES.forEach(f -> out.addAll(load(f)));
        return out;
    }

    static SlpCapture get(String file, int index) {
        return load(file).stream().filter(c -> c.index() == index).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(file + " has no message " + index));
    }

    private static String strip(String line, String prefix) {
        if (!line.startsWith(prefix)) {
            throw new IllegalStateException("expected '" + prefix + "', found: " + line);
        }
        return line.substring(prefix.length());
    }
}
