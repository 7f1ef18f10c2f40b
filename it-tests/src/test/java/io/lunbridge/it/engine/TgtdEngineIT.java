package io.lunbridge.it.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lunbridge.block.BlockDevice;
import io.lunbridge.block.BlockIoException;
import io.lunbridge.it.harness.NetworkNamespace;
import io.lunbridge.it.harness.TgtdTarget;
import io.lunbridge.protocol.lu.LogicalUnit;
import io.lunbridge.protocol.session.Session;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The engine against tgtd (Debian's tgt 1.0.85): its data LUNs start at 1, LUN 0 is a controller. */
class TgtdEngineIT extends AbstractEngineIT {
    private static final String IQN = "iqn.2026-11.io.lunbridge.it:tgtd-disk";
    private TgtdTarget lastTgtd;

    @Override
    TargetUnderTest start(TargetUnderTest.Spec spec) {
        NetworkNamespace ns = hosts.namespace();
        TgtdTarget tgtd = hosts.tgtd(ns);
        lastTgtd = tgtd;
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

    @Test
    void thinLunUnmapWriteSameUnmapAndLbaStatus() throws Exception {
        TargetUnderTest t = start(TargetUnderTest.Spec.luns(1, 16 * MIB));
        lastTgtd.updateLun(1, 1, "thin_provisioning=1");
        Session s = login(initiator(), t, Optional.empty());
        LogicalUnit lu = open(s, 1);
        assertTrue(lu.geometry().thinProvisioned(), "LBPME from READ CAPACITY(16)");
        assertTrue(lu.geometry().canUnmap(), "LBPU from VPD 0xB2");
        byte[] data = new byte[(int) MIB];
        Arrays.fill(data, (byte) 0x5a);
        await(lu.write(0, Unpooled.wrappedBuffer(data), false));
        await(lu.write(4 * MIB, Unpooled.wrappedBuffer(data), false));
        List<BlockDevice.Extent> before = await(lu.blockStatus(0, 2 * MIB));
        assertTrue(before.get(0).allocated() && before.get(0).length() >= MIB,
                "written MiB is mapped: " + before);
        await(lu.discard(0, MIB));
        await(lu.writeZeroes(4 * MIB, MIB, true, false));
        List<BlockDevice.Extent> after = await(lu.blockStatus(0, MIB));
        assertFalse(after.get(0).allocated(), "UNMAP deallocated it: " + after);
        ByteBuf b = await(lu.read(0, (int) MIB));
        assertEquals(-1, b.forEachByte(x -> x == 0), "unmapped range reads zeroes");
        b.release();
        b = await(lu.read((int) (4 * MIB), (int) MIB));
        assertEquals(-1, b.forEachByte(x -> x == 0), "WRITE SAME UNMAP range reads zeroes");
        b.release();
        List<BlockDevice.Extent> zeroed = await(lu.blockStatus(4 * MIB, MIB));
        assertFalse(zeroed.get(0).allocated(), "WRITE SAME with UNMAP deallocated: " + zeroed);
    }

    @Test
    void readOnlyLunIsReportedWriteProtectedAndWritesAreRefused() throws Exception {
        TargetUnderTest t = start(TargetUnderTest.Spec.luns(1, 16 * MIB));
        lastTgtd.updateLun(1, 1, "readonly=1");
        Session s = login(initiator(), t, Optional.empty());
        LogicalUnit lu = open(s, 1);
        assertTrue(lu.geometry().writeProtected(), "WP bit from MODE SENSE(10)");
        BlockIoException e = assertInstanceOf(
                BlockIoException.class, assertThrows(Exception.class,
                        () -> await(lu.write(0, Unpooled.wrappedBuffer(new byte[512]), false))));
        assertEquals(BlockIoException.Kind.PERMISSION, e.kind());
        ByteBuf b = await(lu.read(0, 4096));
        b.release();
    }

    @Test
    void loginFollowsARedirectionToAnotherPortal() throws Exception {
        TargetUnderTest real = start(TargetUnderTest.Spec.luns(1, 16 * MIB));
        NetworkNamespace frontNs = hosts.namespace();
        TgtdTarget front = hosts.tgtd(frontNs);
        front.addTarget(1, IQN);
        front.setParam(1, "RedirectAddress", real.host());
        front.setParam(1, "RedirectPort", "3260");
        front.setParam(1, "RedirectReason", "Temporary");
        front.bindAll(1);
        Session s = login(initiator(), new TargetUnderTest("tgtd", frontNs, frontNs.peerAddress(), 3260, IQN,
                List.of(1), () -> 0, lun -> null), Optional.empty());
        assertEquals(real.host(), ((java.net.InetSocketAddress) s.channel().remoteAddress()).getAddress().getHostAddress(),
                "the session runs on the portal the login was redirected to");
        open(s, 1);
        assertEquals(1, real.connections().getAsInt());
    }

    @Override
    int manyLuns() {
        return 128;
    }
}
