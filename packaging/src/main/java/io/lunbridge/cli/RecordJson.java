package io.lunbridge.cli;

import io.lunbridge.app.discovery.DiscoveryPolicy;
import io.lunbridge.app.discovery.TargetRecord;
import io.lunbridge.app.status.Json;
import io.lunbridge.protocol.discovery.DiscoveredTarget;
import io.lunbridge.protocol.discovery.Portal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code discover --json}: what {@link RecordPrinter} prints, as one JSON object for scripts.
 *
 * <pre>{"methods": [{"method": "slp", "from": "DA 198.18.4.1:427", "error": null,
 *   "targets": [{"name": "iqn...", "alias": "disk1", "portals": [{"host": "198.18.4.2", "port": 3260,
 *   "group": 1}], "transports": ["tcp"], "source": "..."}]}], "notes": []}</pre>
 *
 * {@code alias} is "" and {@code group} is null when the method does not know them; {@code error}
 * is null unless the method failed (its {@code targets} are then empty). CHAP secrets are never
 * written.
 */
final class RecordJson {
    private RecordJson() {
    }

    /** The policy's result as JSON text. */
    static String of(DiscoveryPolicy.Result result) {
        List<Object> methods = new ArrayList<>();
        for (DiscoveryPolicy.MethodResult m : result.methods()) {
            methods.add(method(m.method(), m.where(), m.error().orElse(null), m.records()));
        }
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("methods", methods);
        root.put("notes", new ArrayList<Object>(result.notes()));
        return Json.write(root);
    }

    /** What {@code discover --portal} found by SendTargets, in the same shape (one method, "sendtargets"). */
    static String sendTargets(String portal, List<DiscoveredTarget> targets) {
        List<TargetRecord> records = targets.stream().map(t -> new TargetRecord(Optional.of(t.name()), t.portals(),
                Optional.empty(), "", List.of(), false, "sendtargets " + portal)).toList();
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("methods", List.of(method("sendtargets", portal, null, records)));
        root.put("notes", List.of());
        return Json.write(root);
    }

    /** One method's records (SendTargets with {@code --portal} is one method, "sendtargets"). */
    private static Map<String, Object> method(String method, String from, String error, List<TargetRecord> records) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("method", method);
        m.put("from", from);
        m.put("error", error);
        List<Object> targets = new ArrayList<>();
        for (TargetRecord t : records) {
            targets.add(target(t));
        }
        m.put("targets", targets);
        return m;
    }

    private static Map<String, Object> target(TargetRecord t) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("name", t.name().orElse(null));
        o.put("alias", t.alias());
        List<Object> portals = new ArrayList<>();
        for (Portal p : t.portals()) {
            Map<String, Object> po = new LinkedHashMap<>();
            po.put("host", p.host());
            po.put("port", p.port());
            po.put("group", p.groupTag() >= 0 ? p.groupTag() : null);
            portals.add(po);
        }
        o.put("portals", portals);
        o.put("transports", new ArrayList<Object>(t.transports()));
        o.put("source", t.source());
        return o;
    }
}
