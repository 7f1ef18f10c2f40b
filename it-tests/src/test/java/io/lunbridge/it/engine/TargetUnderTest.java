package io.lunbridge.it.engine;

import io.lunbridge.it.harness.NetworkNamespace;
import java.nio.file.Path;
import java.util.List;
import java.util.function.IntFunction;
import java.util.function.IntSupplier;

/**
 * A running real target (tgtd or istgt) as the engine tests see it: where it listens, its name,
 * its data LUNs, and target-side probes (connection count, backing files).
 *
 * @param kind "tgtd" or "istgt", for messages
 * @param namespace the namespace the target runs in (link down/up)
 * @param host portal address inside the namespace
 * @param port portal port
 * @param iqn the target name
 * @param dataLuns the LUN numbers that are disks (tgtd starts at 1, istgt at 0)
 * @param connections number of iSCSI TCP connections the target sees
 * @param backingFile the file behind a data LUN
 */
record TargetUnderTest(String kind, NetworkNamespace namespace, String host, int port, String iqn,
                       List<Integer> dataLuns, IntSupplier connections, IntFunction<Path> backingFile) {

    /** What a test wants the target to offer. */
    record Spec(int lunCount, long lunSize, String chapUser, String chapSecret, String mutualUser,
                String mutualSecret, boolean digests) {

        static Spec luns(int count, long size) {
            return new Spec(count, size, null, null, null, null, false);
        }

        Spec withChap(String user, String secret) {
            return new Spec(lunCount, lunSize, user, secret, mutualUser, mutualSecret, digests);
        }

        Spec withMutual(String user, String secret) {
            return new Spec(lunCount, lunSize, chapUser, chapSecret, user, secret, digests);
        }

        Spec withDigests() {
            return new Spec(lunCount, lunSize, chapUser, chapSecret, mutualUser, mutualSecret, true);
        }
    }
}
