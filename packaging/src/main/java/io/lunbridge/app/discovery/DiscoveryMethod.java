package io.lunbridge.app.discovery;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/** One discovery method of the policy (targets file, store, iSNS, SLP). */
public interface DiscoveryMethod {
    /** The method's name as the policy names it: file, store, isns, slp. */
    String name();

    /** Where it looks, for messages, e.g. "/etc/lunbridge/targets" or "iSNS 198.18.0.5:3205". */
    String where();

    /** The records it finds now. */
    CompletableFuture<List<TargetRecord>> discover();
}
