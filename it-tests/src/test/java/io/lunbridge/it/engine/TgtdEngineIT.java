package io.lunbridge.it.engine;

import io.lunbridge.it.harness.NetworkNamespace;
import io.lunbridge.it.harness.TgtdTarget;
import java.util.ArrayList;
import java.util.List;

/** The engine against tgtd (Debian's tgt 1.0.85): its data LUNs start at 1, LUN 0 is a controller. */
class TgtdEngineIT extends AbstractEngineIT {
    private static final String IQN = "iqn.2026-11.io.lunbridge.it:tgtd-disk";

    @Override
    TargetUnderTest start(TargetUnderTest.Spec spec) {
        NetworkNamespace ns = hosts.namespace();
        TgtdTarget tgtd = hosts.tgtd(ns);
        tgtd.addTarget(1, IQN);
        List<Integer> luns = new ArrayList<>();
        for (int i = 1; i <= spec.lunCount(); i++) {
            tgtd.addLun(1, i, spec.lunSize());
            luns.add(i);
        }
        if (spec.chapUser() != null) {
            tgtd.addChapUser(spec.chapUser(), spec.chapSecret());
            tgtd.bindChap(1, spec.chapUser());
        }
        if (spec.mutualUser() != null) {
            tgtd.addChapUser(spec.mutualUser(), spec.mutualSecret());
            tgtd.bindOutgoingChap(1, spec.mutualUser());
        }
        if (spec.digests()) {
            tgtd.setParam(1, "HeaderDigest", "CRC32C");
            tgtd.setParam(1, "DataDigest", "CRC32C");
        }
        tgtd.bindAll(1);
        return new TargetUnderTest("tgtd", ns, ns.peerAddress(), TgtdTarget.PORT, IQN, luns,
                () -> tgtd.connectionCount(1), lun -> tgtd.lunBackingFile(1, lun));
    }

    @Override
    int manyLuns() {
        return 128;
    }
}
