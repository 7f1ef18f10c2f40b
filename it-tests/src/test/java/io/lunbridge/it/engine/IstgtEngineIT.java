package io.lunbridge.it.engine;

import io.lunbridge.it.harness.IstgtConfig;
import io.lunbridge.it.harness.IstgtTarget;
import io.lunbridge.it.harness.NetworkNamespace;
import java.util.ArrayList;
import java.util.List;

/** The engine against istgt (Debian's 0.4~20111008): its data LUNs start at 0. */
class IstgtEngineIT extends AbstractEngineIT {

    @Override
    TargetUnderTest start(TargetUnderTest.Spec spec) {
        NetworkNamespace ns = hosts.namespace();
        IstgtConfig.AuthMethod auth = spec.mutualUser() != null ? IstgtConfig.AuthMethod.CHAP_MUTUAL
                : spec.chapUser() != null ? IstgtConfig.AuthMethod.CHAP : IstgtConfig.AuthMethod.NONE;
        long[] sizes = new long[spec.lunCount()];
        java.util.Arrays.fill(sizes, spec.lunSize());
        IstgtConfig.Builder b = IstgtConfig.builder().logicalUnit("disk", auth, sizes);
        if (spec.chapUser() != null) {
            b.chapUser(spec.chapUser(), spec.chapSecret());
        }
        if (spec.mutualUser() != null) {
            b.mutualChap(spec.mutualUser(), spec.mutualSecret());
        }
        IstgtTarget istgt = hosts.istgt(ns, b.build());
        List<Integer> luns = new ArrayList<>();
        for (int i = 0; i < spec.lunCount(); i++) {
            luns.add(i);
        }
        return new TargetUnderTest("istgt", ns, ns.peerAddress(), IstgtTarget.PORT, istgt.iqn(0), luns,
                istgt::connectionCount, lun -> istgt.lunBackingFile(0, lun));
    }

    /**
     * Debian's istgt 0.4~20111008 serves LUN0..LUN15 of a logical unit and silently ignores
     * LUN16 and above (its log lists only 16), so 16 is the most it can show; 128 is shown on tgtd.
     */
    @Override
    int manyLuns() {
        return 16;
    }
}
