package io.lunbridge.it.slp;

import io.lunbridge.protocol.discovery.slp.AttributeRequest;
import io.lunbridge.protocol.discovery.slp.ServiceRequest;
import io.lunbridge.protocol.discovery.slp.ServiceTypeRequest;
import io.lunbridge.protocol.discovery.slp.SlpDecoder;
import io.lunbridge.protocol.discovery.slp.SlpFormatException;
import io.lunbridge.protocol.discovery.slp.SlpMessage;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The script a replaying SLP responder follows, read from openslp capture files ({@code NN-name.hex},
 * format in their README): for one role (the capture address of the DA or SA it plays), which
 * captured reply answers which UA request. A request is identified by its {@link #key} (transport,
 * multicast or not, function, language and body fields other than the XID and the previous-responder
 * list); its replies are the messages the role sent to the UA (198.18.4.100) with the same XID over
 * the same transport after it. When several files hold the same request, the first loaded that this
 * role answers wins (the synthetic file asks the same AttrRqst of the DA and of an SA).
 */
final class CaptureScript {
    /** The UA's address in every capture. */
    static final String CAPTURE_UA = "198.18.4.100";
    private static final Pattern ENDPOINTS = Pattern.compile(
            "^# (\\d+\\.\\d+\\.\\d+\\.\\d+):(\\d+) -> (\\d+\\.\\d+\\.\\d+\\.\\d+):(\\d+)\\s+(UDP unicast|UDP multicast|TCP)\\b");

    /** One captured message. */
    record Captured(String file, int index, String source, String destination, boolean tcp, byte[] bytes) {
        int xid() {
            return ((bytes[10] & 0xFF) << 8) | (bytes[11] & 0xFF);
        }

        @Override
        public String toString() {
            return file + "[" + index + "]";
        }
    }

    private final Map<String, List<Captured>> replies = new LinkedHashMap<>();
    private final Map<String, Captured> byName = new LinkedHashMap<>();

    private CaptureScript() {
    }

    /**
     * Loads {@code files} from {@code dir} for the node at capture address {@code role};
     * {@code toTest} maps capture addresses in the captured requests' fields to test addresses, so
     * that they compare with what the UA sends (the UA names rewritten URLs).
     */
    static CaptureScript load(Path dir, List<String> files, String role, UnaryOperator<String> toTest) {
        CaptureScript script = new CaptureScript();
        for (String file : files) {
            List<Captured> messages = parse(dir.resolve(file));
            for (Captured c : messages) {
                script.byName.put(c.toString(), c);
            }
            for (int i = 0; i < messages.size(); i++) {
                Captured request = messages.get(i);
                if (!request.source().equals(CAPTURE_UA)) {
                    continue;
                }
                Optional<String> key = key(request.bytes(), request.tcp(), toTest);
                if (key.isEmpty() || !script.replies.getOrDefault(key.get(), List.of()).isEmpty()) {
                    continue;
                }
                List<Captured> answers = new ArrayList<>();
                for (int j = i + 1; j < messages.size(); j++) {
                    Captured r = messages.get(j);
                    if (r.source().equals(role) && r.destination().equals(CAPTURE_UA) && r.tcp() == request.tcp()
                            && r.xid() == request.xid()) {
                        answers.add(r);
                    }
                }
                if (!answers.isEmpty() || !script.replies.containsKey(key.get())) {
                    script.replies.put(key.get(), answers);
                }
            }
        }
        return script;
    }

    /** The captured replies to a request with this key; empty when the capture shows none. */
    List<Captured> repliesTo(String key) {
        return replies.getOrDefault(key, List.of());
    }

    /** A message by {@code file[index]}. */
    Captured message(String file, int index) {
        Captured c = byName.get(file + "[" + index + "]");
        if (c == null) {
            throw new IllegalArgumentException("no message " + file + "[" + index + "] loaded");
        }
        return c;
    }

    /**
     * The lookup key of a request, or empty when it is not a decodable request. Address-bearing
     * strings (predicate, URL) pass through {@code addresses} first.
     */
    static Optional<String> key(byte[] bytes, boolean tcp, UnaryOperator<String> addresses) {
        SlpMessage m;
        try {
            m = SlpDecoder.decode(Unpooled.wrappedBuffer(bytes));
        } catch (SlpFormatException e) {
            return Optional.empty();
        }
        String head = (tcp ? "TCP" : "UDP") + "|" + (m.header().requestMulticast() ? "M" : "U") + "|"
                + m.header().function().rfcName() + "|" + m.header().languageTag() + "|";
        if (m instanceof ServiceRequest) {
            ServiceRequest q = (ServiceRequest) m;
            return Optional.of(head + q.serviceType().toLowerCase() + "|" + String.join(",", q.scopes()) + "|"
                    + addresses.apply(q.predicate()) + "|" + q.spi());
        }
        if (m instanceof AttributeRequest) {
            AttributeRequest q = (AttributeRequest) m;
            return Optional.of(head + addresses.apply(q.url()) + "|" + String.join(",", q.scopes()) + "|"
                    + String.join(",", q.tags()) + "|" + q.spi());
        }
        if (m instanceof ServiceTypeRequest) {
            ServiceTypeRequest q = (ServiceTypeRequest) m;
            return Optional.of(head + q.namingAuthority().orElse("*") + "|" + String.join(",", q.scopes()));
        }
        return Optional.empty();
    }

    /** The previous-responder list of a request (empty for other messages). */
    static List<String> previousResponders(SlpMessage m) {
        if (m instanceof ServiceRequest) {
            return ((ServiceRequest) m).previousResponders();
        }
        if (m instanceof AttributeRequest) {
            return ((AttributeRequest) m).previousResponders();
        }
        if (m instanceof ServiceTypeRequest) {
            return ((ServiceTypeRequest) m).previousResponders();
        }
        return List.of();
    }

    static List<Captured> parse(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read SLP capture " + file, e);
        }
        List<Captured> out = new ArrayList<>();
        String name = file.getFileName().toString();
        Matcher endpoints = null;
        int index = 0;
        for (int n = 0; n < lines.size(); n++) {
            String line = lines.get(n);
            if (line.startsWith("# [")) {
                index = Integer.parseInt(line.substring(3, line.indexOf(']')));
            } else if (line.startsWith("#")) {
                Matcher m = ENDPOINTS.matcher(line);
                if (m.find()) {
                    endpoints = m;
                }
            } else if (!line.isBlank()) {
                if (endpoints == null) {
                    throw new IllegalStateException(name + ":" + (n + 1) + ": message without an address line");
                }
                out.add(new Captured(name, index, endpoints.group(1), endpoints.group(3),
                        endpoints.group(5).equals("TCP"), HexFormat.of().parseHex(line.trim())));
                endpoints = null;
            }
        }
        return out;
    }
}
