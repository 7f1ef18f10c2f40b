package io.lunbridge.it.store;

import io.lunbridge.app.store.ConfigStore;
import io.lunbridge.app.store.StoredChap;
import io.lunbridge.app.store.StoredPortal;
import io.lunbridge.app.store.StoredTarget;
import io.lunbridge.app.store.TargetsFileExport;
import io.lunbridge.app.store.TargetsFileImport;
import io.lunbridge.protocol.discovery.targetsfile.ChapSecretValue;
import io.lunbridge.protocol.naming.IscsiName;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/**
 * The writer process the store ITs start and kill: {@code torture STORE SEED} runs add / remove /
 * import transactions of whole batches forever, logging "BEGIN op batch size" before and "DONE ..."
 * after each; {@code add STORE PREFIX COUNT} waits for a line on stdin, then adds COUNT targets,
 * one transaction each. Any exception ends it with status 2.
 */
public final class StoreWriter {
    static final IscsiName INITIATOR = IscsiName.parse("iqn.2026-11.io.lunbridge.it:crash-host");

    private StoreWriter() {
    }

    public static void main(String[] args) throws Exception {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        try (ConfigStore store = ConfigStore.open(Path.of(args[1]))) {
            if (args[0].equals("torture")) {
                torture(store, new Random(Long.parseLong(args[2])), out);
            } else {
                addMany(store, args[2], Integer.parseInt(args[3]), out);
            }
        } catch (RuntimeException e) {
            e.printStackTrace();
            System.exit(2);
        }
    }

    private static void torture(ConfigStore store, Random random, PrintStream out) {
        TargetsFileImport importer = new TargetsFileImport(INITIATOR);
        TargetsFileExport exporter = new TargetsFileExport(INITIATOR);
        // the model is read once: between transactions the child does next to nothing, so most kills
        // land inside a write transaction
        Map<Integer, Integer> batches = new HashMap<>(Batches.of(store.list()).sizes());
        while (true) {
            double dice = random.nextDouble();
            if (batches.size() < 3 || dice < 0.35) {
                int id = freshId(random, batches);
                int size = 1 + random.nextInt(24);
                log(out, "BEGIN add", id, size);
                store.addAll(Batches.targets(id, size));
                batches.put(id, size);
                log(out, "DONE add", id, size);
            } else if (dice < 0.65) {
                int id = freshId(random, batches);
                int size = 1 + random.nextInt(24);
                String file = exporter.render(Batches.targets(id, size), true).text();
                log(out, "BEGIN add", id, size);
                importer.importText(store, "batch-" + id, file, false);
                batches.put(id, size);
                log(out, "DONE add", id, size);
            } else {
                List<Integer> ids = new ArrayList<>(batches.keySet());
                int id = ids.get(random.nextInt(ids.size()));
                int size = batches.get(id);
                log(out, "BEGIN remove", id, size);
                store.remove(Batches.targets(id, size).stream().map(StoredTarget::name).toList());
                batches.remove(id);
                log(out, "DONE remove", id, size);
            }
        }
    }

    private static int freshId(Random random, Map<Integer, Integer> batches) {
        int id;
        do {
            id = random.nextInt(1_000_000);
        } while (batches.containsKey(id));
        return id;
    }

    private static void log(PrintStream out, String what, int id, int size) {
        out.println(what + " " + id + " " + size);
        out.flush();
    }

    private static void addMany(ConfigStore store, String prefix, int count, PrintStream out) throws Exception {
        // warm up every code path of an add so that both writers start committing at once after "go"
        store.add(StoredTarget.of(IscsiName.parse("iqn.2026-11.io.lunbridge.it:" + prefix + ".warmup"),
                List.of(StoredPortal.of("198.18.7.254", 3260))));
        out.println("READY");
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        if (in.readLine() == null) {
            throw new IllegalStateException("stdin closed before 'go'");
        }
        for (int i = 0; i < count; i++) {
            store.add(StoredTarget.of(IscsiName.parse("iqn.2026-11.io.lunbridge.it:" + prefix + "." + i),
                    List.of(StoredPortal.of("198.18.7." + (1 + i % 250), 3260))));
            out.println("DONE " + i + " " + System.currentTimeMillis());
        }
        out.flush();
    }

    /** A CHAP record for target {@code i} of batch {@code id}, for every even {@code i}. */
    static Optional<StoredChap> chapOf(int id, int i) {
        return i % 2 == 0 ? Optional.of(StoredChap.oneWay(Optional.of("c" + i),
                ChapSecretValue.of("crash-secret-" + id + "-" + i))) : Optional.empty();
    }
}
