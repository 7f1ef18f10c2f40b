package io.lunbridge.protocol.discovery.isns;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** Decodes the isnsadm ↔ isnsd captures (see src/test/resources/isns/README.md) and re-encodes them. */
class IsnsCaptureTest {

    private record Captured(boolean fromServer, byte[] bytes) {
    }

    private static List<Captured> load(String name) throws IOException {
        try (InputStream in = IsnsCaptureTest.class.getResourceAsStream("/isns/" + name)) {
            if (in == null) {
                throw new IOException("missing capture /isns/" + name);
            }
            List<Captured> out = new ArrayList<>();
            boolean server = false;
            for (String line : new String(in.readAllBytes(), StandardCharsets.US_ASCII).split("\n")) {
                if (line.startsWith("#")) {
                    server = line.contains("server");
                } else if (!line.isBlank()) {
                    out.add(new Captured(server, HexFormat.of().parseHex(line.trim())));
                }
            }
            return out;
        }
    }

    @Test
    void everyCapturedPduDecodesParsesAndReencodesIdentically() throws IOException {
        for (int c = 1; c <= 8; c++) {
            List<Captured> pdus = load("isnsadm-c" + c + ".hex");
            assertEquals(2, pdus.size(), "c" + c + ": one request, one response");
            for (Captured cap : pdus) {
                IsnsPdu pdu = IsnsPduCodec.decode(cap.bytes());
                assertArrayEquals(cap.bytes(), IsnsPduCodec.encode(pdu), "c" + c);
                assertTrue(pdu.first() && pdu.last(), "c" + c + " single-PDU messages");
                IsnsMessage m = new IsnsMessageAssembler().add(pdu);
                if (cap.fromServer()) {
                    assertTrue((pdu.flags() & IsnsPdu.FLAG_SERVER) != 0);
                    assertTrue(IsnsResponse.parse(m).successful(), "c" + c + " status");
                } else {
                    assertTrue((pdu.flags() & IsnsPdu.FLAG_CLIENT) != 0);
                    IsnsRequest.parse(m);
                }
            }
        }
    }

    @Test
    void devDeregFromIsnsadmHasTheSameShapeAsOurs() throws IOException {
        IsnsRequest captured = IsnsRequest.parse(new IsnsMessageAssembler().add(
                IsnsPduCodec.decode(load("isnsadm-c8.hex").get(0).bytes())));
        IsnsRequest ours = IsnsMessages.devDereg(new IsnsNode("iqn.2026-01.io.lunbridge:target-b", "ent-b", "", 0));
        assertEquals(ours, captured);
    }

    @Test
    void queryResponseScopedByDiscoveryDomainYieldsTargetA() throws IOException {
        IsnsResponse rsp = IsnsResponse.parse(new IsnsMessageAssembler().add(
                IsnsPduCodec.decode(load("isnsadm-c6.hex").get(1).bytes())));
        assertEquals(List.of(new IsnsTarget("iqn.2026-01.io.lunbridge:target-a", "",
                List.of(new IsnsPortal("198.18.30.2", 3260, OptionalInt.empty())))),
                IsnsTargetParser.parse(rsp.operating()));
    }

    @Test
    void fullObjectListYieldsTargetWithPortalGroupAndSkipsInitiator() throws IOException {
        IsnsResponse rsp = IsnsResponse.parse(new IsnsMessageAssembler().add(
                IsnsPduCodec.decode(load("isnsadm-c7.hex").get(1).bytes())));
        assertEquals(List.of(new IsnsTarget("iqn.2026-01.io.lunbridge:target-a", "",
                List.of(new IsnsPortal("198.18.30.2", 3260, OptionalInt.of(1))))),
                IsnsTargetParser.parse(rsp.operating()));
    }
}
