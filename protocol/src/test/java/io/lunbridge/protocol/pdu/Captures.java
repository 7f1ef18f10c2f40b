package io.lunbridge.protocol.pdu;

import static java.nio.charset.StandardCharsets.US_ASCII;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The captured connections under {@code src/test/resources/captures} (see the README there): one
 * initiator-to-target and one target-to-initiator byte stream per connection, and the framing the
 * two sides negotiated, read from the login text in the streams themselves.
 */
final class Captures {
    private Captures() {
    }

    /** One captured TCP connection. */
    record Connection(String name, byte[] initiatorBytes, byte[] targetBytes) {
        @Override
        public String toString() {
            return name;
        }

        /** Keys the initiator declared or offered during login (the last value of each wins). */
        Map<String, String> initiatorLoginKeys() {
            return loginKeys(initiatorBytes);
        }

        /** Keys the target declared or answered during login. */
        Map<String, String> targetLoginKeys() {
            return loginKeys(targetBytes);
        }

        /**
         * Framing for PDUs the initiator sends after login: the limit is what the target declared,
         * as the target's decoder (maxRecv) and as the initiator's encoder (maxSend) see it.
         */
        FramingParameters initiatorFramingAfterLogin() {
            Map<String, String> target = targetLoginKeys();
            int limit = maxRecv(target);
            return new FramingParameters(crc(target, "HeaderDigest"), crc(target, "DataDigest"), limit, limit);
        }

        /** Framing for PDUs the target sends after login: the limit is what the initiator declared. */
        FramingParameters targetFramingAfterLogin() {
            Map<String, String> target = targetLoginKeys();
            int limit = maxRecv(initiatorLoginKeys());
            return new FramingParameters(crc(target, "HeaderDigest"), crc(target, "DataDigest"), limit, limit);
        }

        private static boolean crc(Map<String, String> answers, String key) {
            return "CRC32C".equals(answers.getOrDefault(key, "None"));
        }

        private static int maxRecv(Map<String, String> declared) {
            return Integer.parseInt(declared.getOrDefault("MaxRecvDataSegmentLength", "8192"));
        }
    }

    static List<Connection> all() {
        try {
            Path dir = Paths.get(Captures.class.getResource("/captures").toURI());
            List<Connection> result = new ArrayList<>();
            try (Stream<Path> files = Files.list(dir)) {
                for (Path initiator : files.filter(p -> p.toString().endsWith(".initiator.hex")).sorted()
                        .collect(Collectors.toList())) {
                    String file = initiator.getFileName().toString();
                    String name = file.substring(0, file.length() - ".initiator.hex".length());
                    result.add(new Connection(name, read(initiator),
                            read(dir.resolve(name + ".target.hex"))));
                }
            }
            if (result.isEmpty()) {
                throw new IllegalStateException("no captures in " + dir);
            }
            return result;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] read(Path file) throws IOException {
        StringBuilder hex = new StringBuilder();
        int declared = -1;
        for (String line : Files.readAllLines(file)) {
            if (line.startsWith("# bytes: ")) {
                declared = Integer.parseInt(line.substring("# bytes: ".length()).trim());
            } else if (!line.startsWith("#")) {
                hex.append(line.trim());
            }
        }
        byte[] bytes = Hex.bytes(hex.toString());
        if (bytes.length != declared) {
            throw new IllegalStateException(file + ": " + bytes.length + " bytes, header says " + declared);
        }
        return bytes;
    }

    /**
     * Walks the login phase (never digested, RFC 7143 §13.1) with {@link PduCodec} alone, and
     * collects the text keys of all login PDUs until the one that moves to full feature phase.
     */
    static Map<String, String> loginKeys(byte[] stream) {
        Map<String, String> keys = new HashMap<>();
        ByteBuf in = Unpooled.wrappedBuffer(stream);
        while (in.readableBytes() >= PduCodec.BHS_LENGTH) {
            int dataLength = in.getUnsignedMedium(in.readerIndex() + 5);
            ByteBuf header = in.readSlice(PduCodec.BHS_LENGTH + 4 * in.getUnsignedByte(in.readerIndex() + 4));
            ByteBuf data = in.readRetainedSlice(dataLength);
            in.skipBytes(PduCodec.padding(dataLength));
            Pdu pdu = PduCodec.decode(header, data);
            try {
                if (!(pdu instanceof LoginRequest || pdu instanceof LoginResponse)) {
                    break;
                }
                for (String pair : pdu.data().toString(US_ASCII).split("\0")) {
                    int eq = pair.indexOf('=');
                    if (eq > 0) {
                        keys.put(pair.substring(0, eq), pair.substring(eq + 1));
                    }
                }
                if (isLastLoginPdu(pdu)) {
                    break;
                }
            } finally {
                pdu.release();
            }
        }
        return keys;
    }

    /** The login PDU after which the full feature phase (and its framing) starts. */
    static boolean isLastLoginPdu(Pdu pdu) {
        if (pdu instanceof LoginRequest) {
            LoginRequest r = (LoginRequest) pdu;
            return r.transit() && r.nsg() == 3;
        }
        if (pdu instanceof LoginResponse) {
            LoginResponse r = (LoginResponse) pdu;
            return r.transit() && r.nsg() == 3 && r.statusClass() == 0;
        }
        return false;
    }
}
