package io.lunbridge.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.lunbridge.app.discovery.DiscoveryPolicy;
import io.lunbridge.app.discovery.TargetRecord;
import io.lunbridge.protocol.discovery.Portal;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@code discover --json}: field by field, a failed method, an unknown portal group, escaping. */
class RecordJsonTest {
    @Test
    void methodsTargetsErrorsAndNotes() {
        TargetRecord slp = new TargetRecord(Optional.of("iqn.2026-01.test:a"), List.of(new Portal("198.18.4.2", 3260, 1)),
                Optional.empty(), "disk \"one\"", List.of(), false, "slp DA 198.18.4.1:427", List.of("tcp"));
        TargetRecord file = new TargetRecord(Optional.of("iqn.2026-01.test:b"), List.of(new Portal("198.18.4.3", 3261, -1)),
                Optional.empty(), "", List.of(), false, "file /etc/lunbridge/targets:3");
        DiscoveryPolicy.Result result = new DiscoveryPolicy.Result(List.of(
                new DiscoveryPolicy.MethodResult("slp", "DA 198.18.4.1:427", List.of(slp), Optional.empty()),
                new DiscoveryPolicy.MethodResult("isns", "198.18.4.9:3205", List.of(), Optional.of("connection refused")),
                new DiscoveryPolicy.MethodResult("file", "/etc/lunbridge/targets", List.of(file), Optional.empty())),
                List.of(slp, file), List.of("iqn.2026-01.test:a also found by file"));
        assertEquals("{\"methods\":["
                + "{\"method\":\"slp\",\"from\":\"DA 198.18.4.1:427\",\"error\":null,\"targets\":[{\"name\":\"iqn.2026-01.test:a\","
                + "\"alias\":\"disk \\\"one\\\"\",\"portals\":[{\"host\":\"198.18.4.2\",\"port\":3260,\"group\":1}],"
                + "\"transports\":[\"tcp\"],\"source\":\"slp DA 198.18.4.1:427\"}]},"
                + "{\"method\":\"isns\",\"from\":\"198.18.4.9:3205\",\"error\":\"connection refused\",\"targets\":[]},"
                + "{\"method\":\"file\",\"from\":\"/etc/lunbridge/targets\",\"error\":null,\"targets\":[{\"name\":\"iqn.2026-01.test:b\","
                + "\"alias\":\"\",\"portals\":[{\"host\":\"198.18.4.3\",\"port\":3261,\"group\":null}],"
                + "\"transports\":[],\"source\":\"file /etc/lunbridge/targets:3\"}]}],"
                + "\"notes\":[\"iqn.2026-01.test:a also found by file\"]}", RecordJson.of(result));
    }
}
