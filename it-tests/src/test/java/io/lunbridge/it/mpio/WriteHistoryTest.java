package io.lunbridge.it.mpio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The verifier's rules on a simulated 64-sector device: it accepts what it must and fails otherwise. */
class WriteHistoryTest {
    private static final int SECTORS = 64;

    /** A device image the tests write "what reached the medium" into. */
    private final ByteBuffer image = ByteBuffer.allocate(SECTORS * SectorPattern.SECTOR);
    private final WriteHistory history = new WriteHistory(SECTORS);

    private void land(long seq, long sector, int count) {
        SectorPattern.fill(image.duplicate().position((int) sector * SectorPattern.SECTOR), seq, sector, count);
    }

    private WriteHistory.Verdict verify() throws Exception {
        return history.verify("image", (s, c) -> image.duplicate().position((int) s * SectorPattern.SECTOR)
                .limit((int) (s + c) * SectorPattern.SECTOR).slice());
    }

    @Test
    void patternsNameTheirWriteAndSectorAndRecogniseZeroAndGarbage() {
        ByteBuffer b = ByteBuffer.allocate(3 * SectorPattern.SECTOR);
        SectorPattern.fill(b, 7, 100, 2);
        assertEquals(7, SectorPattern.decode(b, 0, 100));
        assertEquals(7, SectorPattern.decode(b, 512, 101));
        assertEquals(SectorPattern.GARBAGE, SectorPattern.decode(b, 512, 100), "the right data at the wrong sector");
        assertEquals(SectorPattern.ZERO, SectorPattern.decode(b, 1024, 102));
        b.put(1024 + 300, (byte) 1);
        assertEquals(SectorPattern.GARBAGE, SectorPattern.decode(b, 1024, 102), "a stray byte in a zero sector");
        b.put(200, (byte) (b.get(200) ^ 0x10));
        assertEquals(SectorPattern.GARBAGE, SectorPattern.decode(b, 0, 100), "one flipped bit in the body");
        SectorPattern.fill(b, 8, 100, 1);
        assertEquals(8, SectorPattern.decode(b, 0, 100), "rewritten by write 8");
        ByteBuffer other = ByteBuffer.allocate(512);
        SectorPattern.fill(other, 9, 100, 1);
        assertFalse(other.getLong(16) == b.getLong(16), "two writes to one sector differ in the body too");
        assertThrows(IllegalArgumentException.class, () -> SectorPattern.fill(b, 0, 0, 1));
    }

    @Test
    void everyAcknowledgedWriteOnTheMediumVerifiesClean() throws Exception {
        history.acknowledged(1, 0, 8);
        land(1, 0, 8);
        history.acknowledged(2, 4, 8);
        land(2, 4, 8);
        WriteHistory.Verdict v = verify();
        assertTrue(v.clean(), v.toString());
        assertEquals(SECTORS, v.sectors());
        assertEquals(2, history.acknowledgedWrites());
    }

    @Test
    void aLostAcknowledgedWriteFailsVerification() throws Exception {
        history.acknowledged(1, 10, 4);
        land(1, 10, 4);
        history.acknowledged(2, 10, 4); // acknowledged, but never reached the medium
        WriteHistory.Verdict v = verify();
        assertFalse(v.clean(), v.toString());
        assertEquals(4, v.total());
        WriteHistory.Mismatch first = v.mismatches().get(0);
        assertEquals(10, first.sector());
        assertEquals(2, first.acked());
        assertEquals(1, first.found());
        assertTrue(first.toString().contains("holds write #1, expected write #2"), first.toString());
    }

    @Test
    void anAcknowledgedWriteThatNeverLandedOnAFreshSectorFails() throws Exception {
        history.acknowledged(5, 63, 1);
        WriteHistory.Verdict v = verify();
        assertEquals(1, v.total(), v.toString());
        assertEquals(SectorPattern.ZERO, v.mismatches().get(0).found());
    }

    @Test
    void aFailedWriteMayOrMayNotHaveLanded() throws Exception {
        history.acknowledged(1, 0, 2);
        land(1, 0, 2);
        history.failed(2, 0, 1);
        land(2, 0, 1);   // sector 0: the failed write landed
        history.failed(3, 1, 1); // sector 1: it did not
        history.failed(4, 20, 1); // sector 20: never acknowledged, a failed write landed
        land(4, 20, 1);
        history.failed(5, 21, 1); // sector 21: never acknowledged, nothing landed
        WriteHistory.Verdict v = verify();
        assertTrue(v.clean(), v.toString());
        assertEquals(4, history.failedWrites());
    }

    @Test
    void aFailedWriteLandingAfterALaterAcknowledgedOneFails() throws Exception {
        history.failed(1, 30, 1);
        history.acknowledged(2, 30, 1);
        land(2, 30, 1);
        land(1, 30, 1); // the failed write overtook the acknowledged one (e.g. stuck on a dead path)
        WriteHistory.Verdict v = verify();
        assertEquals(1, v.total(), v.toString());
        assertEquals(List.of(), v.mismatches().get(0).failed(), "the acknowledged write cleared the candidates");
    }

    @Test
    void corruptionAndMisplacedDataFail() throws Exception {
        history.acknowledged(1, 40, 2);
        land(1, 40, 2);
        image.put(40 * 512 + 100, (byte) 0);
        image.put(40 * 512 + 101, (byte) 0);
        ByteBuffer misplaced = ByteBuffer.allocate(512);
        SectorPattern.fill(misplaced, 1, 40, 1);
        image.put(50 * 512, misplaced, 0, 512);
        WriteHistory.Verdict v = verify();
        assertEquals(2, v.total(), v.toString());
        assertEquals(40, v.mismatches().get(0).sector());
        assertEquals(SectorPattern.GARBAGE, v.mismatches().get(0).found());
        assertEquals(50, v.mismatches().get(1).sector());
    }

    @Test
    void singleSectorChecksAndBounds() {
        history.acknowledged(3, 2, 1);
        assertNull(history.check(2, 3L));
        assertNull(history.check(3, SectorPattern.ZERO));
        assertEquals(3, history.check(2, SectorPattern.ZERO).acked());
        assertThrows(IllegalArgumentException.class, () -> history.acknowledged(9, 63, 2));
        assertThrows(IllegalArgumentException.class, () -> new WriteHistory(0));
    }

    @Test
    void aShortReadIsAnError() {
        assertThrows(java.io.IOException.class, () -> history.verify("short", (s, c) -> ByteBuffer.allocate(512)));
    }
}
