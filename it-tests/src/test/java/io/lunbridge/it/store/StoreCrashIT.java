package io.lunbridge.it.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.lunbridge.app.store.ConfigStore;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 at random points: a child JVM runs add / remove / import transactions of whole batches of
 * targets without pause; it is killed with SIGKILL at a random moment after its first commit, the
 * store is reopened and checked, and a new child carries on from there. After every kill the store
 * must pass SQLite's integrity and foreign key checks, hold only complete batches, and equal the
 * state the child's log implies: every transaction it reported done, plus possibly the one it had
 * begun (committed or not, but never half).
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class StoreCrashIT {
    private static final int KILLS = Integer.getInteger("store.crash.kills", 25);

    @TempDir
    Path tmp;

    @Test
    void aWriterKilledAtAnyPointLeavesTheStateBeforeOrAfterItsTransaction() throws Exception {
        Path db = tmp.resolve("store.db");
        Random random = new Random(Long.getLong("store.crash.seed", System.nanoTime()));
        ScheduledExecutorService killer = Executors.newSingleThreadScheduledExecutor();
        int midTransaction = 0;
        int done = 0;
        try {
            Map<Integer, Integer> state = new HashMap<>();
            for (int kill = 0; kill < KILLS; kill++) {
                Process child = ChildJvm.start(tmp, "child-" + kill + ".err", "torture", db.toString(),
                        Long.toString(random.nextLong()));
                List<String> log = new ArrayList<>();
                try (BufferedReader in = new BufferedReader(new InputStreamReader(child.getInputStream(),
                        StandardCharsets.UTF_8))) {
                    String line;
                    boolean scheduled = false;
                    while ((line = in.readLine()) != null) {
                        log.add(line);
                        if (!scheduled && line.startsWith("DONE")) {
                            // SIGKILL to the child's PID; unlike Process.destroyForcibly, this leaves our end
                            // of its stdout open, so the log written before the kill is still read
                            ProcessHandle pid = child.toHandle();
                            killer.schedule(pid::destroyForcibly, random.nextInt(250_000), TimeUnit.MICROSECONDS);
                            scheduled = true;
                        }
                    }
                } finally {
                    child.destroyForcibly();
                }
                assertTrue(child.waitFor(30, TimeUnit.SECONDS), "child did not die");
                if (child.exitValue() != 137) {
                    fail("child " + kill + " ended with " + child.exitValue() + " instead of SIGKILL (137): "
                            + Files.readString(tmp.resolve("child-" + kill + ".err")));
                }
                Expectation e = Expectation.replay(state, log);
                done += e.done;
                try (ConfigStore store = ConfigStore.open(db)) {
                    assertEquals(List.of(), store.check(), "after kill " + kill);
                    Map<Integer, Integer> observed = Batches.of(store.list()).sizes();
                    if (!observed.equals(e.before) && !observed.equals(e.after)) {
                        fail("after kill " + kill + " the store holds batches " + observed + "; expected "
                                + e.before + (e.after.equals(e.before) ? "" : " or " + e.after) + "; log tail: "
                                + log.subList(Math.max(0, log.size() - 3), log.size()));
                    }
                    if (!e.after.equals(e.before)) {
                        midTransaction++;
                    }
                    state = new HashMap<>(observed);
                }
            }
        } finally {
            killer.shutdownNow();
        }
        assertTrue(done >= KILLS, "each child committed at least once: " + done + " transactions");
        assertTrue(midTransaction > 0, "no kill landed inside a transaction in " + KILLS + " kills");
        System.out.println("store crash test: " + KILLS + " kills, " + midTransaction + " inside a transaction, "
                + done + " transactions committed");
    }

    /** The states a child's log allows: after its last DONE, and after the transaction it had begun. */
    private static final class Expectation {
        Map<Integer, Integer> before;
        Map<Integer, Integer> after;
        int done;

        static Expectation replay(Map<Integer, Integer> start, List<String> log) {
            Expectation e = new Expectation();
            Map<Integer, Integer> model = new HashMap<>(start);
            String pending = null;
            for (String line : log) {
                if (line.startsWith("BEGIN ")) {
                    pending = line.substring("BEGIN ".length());
                } else if (line.startsWith("DONE ")) {
                    String op = line.substring("DONE ".length());
                    if (!op.equals(pending)) {
                        throw new AssertionError("log out of order: DONE " + op + " after BEGIN " + pending);
                    }
                    apply(model, op);
                    pending = null;
                    e.done++;
                }
            }
            e.before = model;
            e.after = new HashMap<>(model);
            if (pending != null) {
                apply(e.after, pending);
            }
            return e;
        }

        private static void apply(Map<Integer, Integer> model, String op) {
            String[] f = op.split(" ");
            int id = Integer.parseInt(f[1]);
            if (f[0].equals("add")) {
                model.put(id, Integer.parseInt(f[2]));
            } else {
                model.remove(id);
            }
        }
    }
}
