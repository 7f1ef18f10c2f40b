package io.lunbridge.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.lunbridge.app.discovery.DiscoveryPolicy;
import io.lunbridge.app.discovery.TargetRecord;
import io.lunbridge.protocol.discovery.Portal;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What {@code discover} prints for the policy's results: headings, targets, their details. */
class RecordPrinterTest {

    private static String print(DiscoveryPolicy.Result result, int[] failed) {
        StringWriter out = new StringWriter();
        failed[0] = new RecordPrinter(new PrintWriter(out)).print(result);
        return out.toString();
    }

    @Test
    void slpRecordsShowAliasPortalGroupAndTransportsUnderTheHeadingOfTheirSource() {
        TargetRecord disk1 = new TargetRecord(Optional.of("iqn.2026-11.test.lunbridge:disk1"),
                List.of(new Portal("198.18.4.11", 3260, 1)), Optional.empty(), "disk1", List.of(), false,
                "slp 198.18.4.11:427", List.of("tcp"));
        TargetRecord plain = new TargetRecord(Optional.of("iqn.2026-11.test.lunbridge:disk9"),
                List.of(new Portal("198.18.4.12", 3260, -1)), Optional.empty(), "", List.of(), false, "file t:1");
        DiscoveryPolicy.Result result = new DiscoveryPolicy.Result(List.of(
                new DiscoveryPolicy.MethodResult("slp", "multicast, SA 198.18.4.11:427; DA 198.18.4.1:427 unreachable,"
                        + " scopes DEFAULT", List.of(disk1), Optional.empty()),
                new DiscoveryPolicy.MethodResult("file", "t", List.of(plain), Optional.empty()),
                new DiscoveryPolicy.MethodResult("isns", "198.18.0.5:3205", List.of(), Optional.of("no server answered"))),
                List.of(disk1, plain), List.of("a note"));
        int[] failed = new int[1];

        assertEquals("slp (multicast, SA 198.18.4.11:427; DA 198.18.4.1:427 unreachable, scopes DEFAULT): 1 target\n"
                + "    iqn.2026-11.test.lunbridge:disk1 198.18.4.11:3260,1 [slp 198.18.4.11:427]\n"
                + "        alias: disk1; portal group: 1; transports: tcp\n"
                + "file (t): 1 target\n"
                + "    iqn.2026-11.test.lunbridge:disk9 198.18.4.12:3260 [file t:1]\n"
                + "isns (198.18.0.5:3205): error: no server answered\n"
                + "note: a note\n", print(result, failed).replace(System.lineSeparator(), "\n"));
        assertEquals(1, failed[0]);
    }
}
