package io.lunbridge.app.discovery;

import io.lunbridge.protocol.discovery.DiscoveredTarget;
import io.lunbridge.protocol.discovery.Portal;
import io.lunbridge.protocol.login.ChapCredentials;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Runs the configured discovery methods in order and merges what they find. A method that fails
 * is reported with its error and does not stop the others. Records that name only a portal are
 * expanded with SendTargets. When several methods report the same target, the first method in
 * the policy wins and the duplicate is said once. A boot target that does not come from the
 * store is refused, because only the store is crash-safe enough for boot disks.
 */
public final class DiscoveryPolicy {
    private final List<DiscoveryMethod> methods;
    private final SendTargets sendTargets;

    /** How a portal-only record is expanded (the initiator's SendTargets in production). */
    @FunctionalInterface
    public interface SendTargets {
        CompletableFuture<List<DiscoveredTarget>> discover(Portal portal, Optional<ChapCredentials> chap);
    }

    /** What one method found, or why it failed. */
    public record MethodResult(String method, String where, List<TargetRecord> records, Optional<String> error) {
    }

    /**
     * The outcome: each method's result, the merged targets, and notes (duplicates, refusals).
     */
    public record Result(List<MethodResult> methods, List<TargetRecord> targets, List<String> notes) {
    }

    public DiscoveryPolicy(List<DiscoveryMethod> methods, SendTargets sendTargets) {
        this.methods = List.copyOf(methods);
        this.sendTargets = sendTargets;
    }

    /** Runs every method (sequentially, in policy order) and merges. */
    public Result run() {
        List<MethodResult> results = new ArrayList<>();
        for (DiscoveryMethod m : methods) {
            results.add(runOne(m));
        }
        Map<String, TargetRecord> merged = new LinkedHashMap<>();
        List<String> notes = new ArrayList<>();
        for (MethodResult r : results) {
            for (TargetRecord t : r.records()) {
                String name = t.name().orElseThrow();
                if (t.boot() && !r.method().equals("store")) {
                    notes.add("target " + name + " from " + t.source() + " is marked boot, but boot targets are "
                            + "accepted only from the store: ignored");
                    continue;
                }
                TargetRecord first = merged.get(name);
                if (first == null) {
                    merged.put(name, t);
                } else if (!first.source().equals(t.source())) {
                    notes.add("target " + name + " found by " + t.source() + " too; using " + first.source()
                            + " (earlier in discovery.policy)");
                }
            }
        }
        return new Result(results, List.copyOf(merged.values()), notes);
    }

    private MethodResult runOne(DiscoveryMethod m) {
        try {
            List<TargetRecord> found = m.discover().join();
            List<TargetRecord> named = new ArrayList<>();
            for (TargetRecord t : found) {
                if (t.name().isPresent()) {
                    named.add(t);
                } else {
                    named.addAll(expand(t));
                }
            }
            return new MethodResult(m.name(), m.where(), named, Optional.empty());
        } catch (CompletionException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            return new MethodResult(m.name(), m.where(), List.of(), Optional.of(String.valueOf(cause.getMessage())));
        } catch (RuntimeException e) {
            return new MethodResult(m.name(), m.where(), List.of(), Optional.of(String.valueOf(e.getMessage())));
        }
    }

    private List<TargetRecord> expand(TargetRecord portalOnly) {
        List<TargetRecord> result = new ArrayList<>();
        for (Portal p : portalOnly.portals()) {
            for (DiscoveredTarget d : sendTargets.discover(p, portalOnly.chap()).join()) {
                result.add(portalOnly.expandedTo(d.name(), d.portals(), "SendTargets at " + p));
            }
        }
        return result;
    }
}
