package io.lunbridge.it.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lunbridge.app.store.ConfigStore;
import io.lunbridge.app.store.StoredTarget;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two writer processes (as the CLI and the daemon would be) add different targets to one store at
 * the same time, one transaction per target: their commits interleave, none fails with "database is
 * locked" and none is lost.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class StoreConcurrencyIT {
    private static final int EACH = 100;

    @TempDir
    Path tmp;

    @Test
    void twoWritersSerializeAndLoseNothing() throws Exception {
        Path db = tmp.resolve("store.db");
        ConfigStore.open(db).close();
        List<Process> writers = new ArrayList<>();
        try {
            for (String prefix : List.of("w1", "w2")) {
                writers.add(ChildJvm.start(tmp, prefix + ".err", "add", db.toString(), prefix, Integer.toString(EACH)));
            }
            List<BufferedReader> outs = new ArrayList<>();
            for (Process p : writers) {
                BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
                assertEquals("READY", r.readLine());
                outs.add(r);
            }
            for (Process p : writers) {
                OutputStream in = p.getOutputStream();
                in.write("go\n".getBytes(StandardCharsets.US_ASCII));
                in.flush();
            }
            List<long[]> spans = new ArrayList<>();
            for (int w = 0; w < 2; w++) {
                List<String> lines = outs.get(w).lines().collect(Collectors.toList());
                Process p = writers.get(w);
                assertTrue(p.waitFor(60, TimeUnit.SECONDS), "writer " + (w + 1) + " did not finish");
                assertEquals(0, p.exitValue(), Files.readString(tmp.resolve("w" + (w + 1) + ".err")));
                assertEquals(EACH, lines.size(), "writer " + (w + 1) + " commits");
                spans.add(new long[] {time(lines.get(0)), time(lines.get(EACH - 1))});
            }
            assertTrue(spans.get(0)[0] <= spans.get(1)[1] && spans.get(1)[0] <= spans.get(0)[1],
                    "the two writers' commits overlapped in time: " + spans.get(0)[0] + ".." + spans.get(0)[1]
                            + " and " + spans.get(1)[0] + ".." + spans.get(1)[1]);
        } finally {
            for (Process p : writers) {
                p.destroyForcibly();
            }
        }
        try (ConfigStore store = ConfigStore.open(db)) {
            assertEquals(List.of(), store.check());
            Set<String> names = store.list().stream().map(StoredTarget::name).map(n -> n.value())
                    .collect(Collectors.toCollection(TreeSet::new));
            Set<String> expected = new TreeSet<>(Set.of("iqn.2026-11.io.lunbridge.it:w1.warmup",
                    "iqn.2026-11.io.lunbridge.it:w2.warmup"));
            for (int i = 0; i < EACH; i++) {
                expected.add("iqn.2026-11.io.lunbridge.it:w1." + i);
                expected.add("iqn.2026-11.io.lunbridge.it:w2." + i);
            }
            assertEquals(expected, names);
        }
    }

    private static long time(String doneLine) {
        return Long.parseLong(doneLine.split(" ")[2]);
    }
}
