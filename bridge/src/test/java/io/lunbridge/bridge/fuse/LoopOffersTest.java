package io.lunbridge.bridge.fuse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lunbridge.block.BlockDevice;
import io.lunbridge.block.Geometry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * What the FUSE file system lets the loop driver offer: STATFS fails (so the loop device offers no
 * discard and no WRITE_ZEROES, both of which become PUNCH_HOLE) unless every LUN can unmap; and why
 * PR_SET_IO_FLUSHER was refused, from /proc/self/status.
 */
class LoopOffersTest {
    private static BlockDevice device(boolean canUnmap) {
        Geometry g = new Geometry(8L << 20, 512, 512, 65536, 1 << 20, false, canUnmap, canUnmap, true, true, true);
        return new BlockDevice() {
            @Override
            public Geometry geometry() {
                return g;
            }

            @Override
            public CompletableFuture<ByteBuf> read(long offset, int length) {
                throw new UnsupportedOperationException();
            }

            @Override
            public CompletableFuture<Void> write(long offset, ByteBuf data, boolean fua) {
                throw new UnsupportedOperationException();
            }

            @Override
            public CompletableFuture<Void> flush() {
                throw new UnsupportedOperationException();
            }

            @Override
            public CompletableFuture<Void> discard(long offset, long length) {
                throw new UnsupportedOperationException();
            }

            @Override
            public CompletableFuture<Void> writeZeroes(long offset, long length, boolean mayUnmap, boolean fua) {
                throw new UnsupportedOperationException();
            }

            @Override
            public CompletableFuture<List<Extent>> blockStatus(long offset, long length) {
                throw new UnsupportedOperationException();
            }
        };
    }

    /** The errno of the reply to STATFS (0: answered with data). */
    private static int statfsErrno(boolean... canUnmap) {
        List<FuseFile> files = new ArrayList<>();
        for (int i = 0; i < canUnmap.length; i++) {
            files.add(new FuseFile("lun" + i, device(canUnmap[i])));
        }
        LunFileSystem fs = new LunFileSystem(files, new FuseInitNegotiation(1 << 20, 16),
                new FuseReplyEncoder(UnpooledByteBufAllocator.DEFAULT), new FuseCounters(), 0);
        List<ByteBuf> replies = new ArrayList<>();
        fs.handle(new FuseRequest.StatFs(new FuseInHeader(40, 17, 9, 1, 0, 0, 1)), new FuseReplySink() {
            @Override
            public void reply(ByteBuf reply) {
                replies.add(reply);
            }

            @Override
            public void reply(ByteBuf header, ByteBuf data) {
                replies.add(header);
                data.release();
            }
        });
        assertEquals(1, replies.size());
        ByteBuf r = replies.get(0);
        int errno = -r.getIntLE(4);
        r.release();
        return errno;
    }

    @Test
    void statfsFailsUnlessEveryLunCanUnmap() {
        assertEquals(LunFileSystem.ENOSYS, statfsErrno(false));
        assertEquals(LunFileSystem.ENOSYS, statfsErrno(true, false));
        assertEquals(0, statfsErrno(true, true));
    }

    @Test
    void theIoFlusherRefusalNamesTheBoundingSetWhenRootLacksTheCapability() {
        String container = "Name:\tjava\nCapEff:\t000001fffeffffff\nCapBnd:\t000001fffeffffff\n";
        assertTrue(IoFlusherRefusal.reason(container).startsWith("CAP_SYS_RESOURCE is not in this process's capability "
                + "bounding set, so not even root gets it"), IoFlusherRefusal.reason(container));
        String unprivileged = "CapEff:\t0000000000000000\nCapBnd:\t000001ffffffffff\n";
        assertTrue(IoFlusherRefusal.reason(unprivileged).startsWith("this process lacks CAP_SYS_RESOURCE"));
        assertEquals("EPERM although CAP_SYS_RESOURCE is effective",
                IoFlusherRefusal.reason("CapEff:\t000001ffffffffff\nCapBnd:\t000001ffffffffff\n"));
    }
}
