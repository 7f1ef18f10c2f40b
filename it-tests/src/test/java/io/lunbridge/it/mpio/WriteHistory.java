package io.lunbridge.it.mpio;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What each sector of a device may hold after a workload, from the outcomes the client saw, and
 * the check of a device image against it.
 *
 * <p>The rule: writes to one sector never overlap in time (the workload waits for one to complete
 * before it issues the next to the same sector), so each sector has a linear history. A sector must
 * hold the data of its last <em>acknowledged</em> write (zero when none was), or of a write that
 * <em>failed</em> after that one (a failed write may or may not have reached the medium). Anything
 * else is a lost acknowledged write, a failed write that landed after a later acknowledged one, or
 * corruption.
 *
 * <p>Thread-safe: outcomes and checks are serialised on this object.
 */
final class WriteHistory {
    /** Reads {@code count} sectors from {@code sector} on of the image under test. */
    @FunctionalInterface
    interface SectorSource {
        /** Returns a buffer whose position..limit are exactly those sectors (the checker owns it). */
        ByteBuffer read(long sector, int count) throws IOException;
    }

    /**
     * A sector that holds what no outcome allows.
     *
     * @param sector   the sector number
     * @param acked    the sequence number of its last acknowledged write (0: none)
     * @param failed   writes that failed after that one, any of which it may hold
     * @param found    what it holds: a sequence number, {@link SectorPattern#ZERO} or {@link SectorPattern#GARBAGE}
     */
    record Mismatch(long sector, long acked, List<Long> failed, long found) {
        @Override
        public String toString() {
            String what = found == SectorPattern.GARBAGE ? "garbage" : found == SectorPattern.ZERO ? "zeroes"
                    : "write #" + found;
            return "sector " + sector + " (byte " + sector * SectorPattern.SECTOR + "): holds " + what
                    + ", expected " + (acked == 0 ? "zeroes (never acknowledged)" : "write #" + acked)
                    + (failed.isEmpty() ? "" : " or one of the failed writes " + failed);
        }
    }

    /**
     * The outcome of one check.
     *
     * @param source     what was read (e.g. the backing file)
     * @param sectors    sectors checked
     * @param mismatches the first mismatches found (at most {@link #REPORTED})
     * @param total      how many sectors mismatched in all
     */
    record Verdict(String source, long sectors, List<Mismatch> mismatches, long total) {
        /** True when every sector holds what its history allows. */
        boolean clean() {
            return total == 0;
        }

        @Override
        public String toString() {
            return source + ": " + sectors + " sectors checked, " + total + " mismatched"
                    + (mismatches.isEmpty() ? "" : "\n  " + String.join("\n  ", mismatches.stream().map(Mismatch::toString).toList()));
        }
    }

    static final int REPORTED = 20;
    private static final int CHUNK_SECTORS = 2048;

    private final long[] acked;
    private final Map<Long, List<Long>> failedSinceAck = new HashMap<>();
    private long acknowledgedWrites;
    private long failedWrites;

    WriteHistory(long sectors) {
        if (sectors <= 0 || sectors > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("sector count out of range: " + sectors);
        }
        this.acked = new long[(int) sectors];
    }

    /** Sectors of the device. */
    long sectors() {
        return acked.length;
    }

    /** Write {@code seq} of {@code count} sectors at {@code sector} was acknowledged. */
    synchronized void acknowledged(long seq, long sector, int count) {
        requireInside(sector, count);
        Arrays.fill(acked, (int) sector, (int) sector + count, seq);
        if (!failedSinceAck.isEmpty()) {
            for (long s = sector; s < sector + count; s++) {
                failedSinceAck.remove(s);
            }
        }
        acknowledgedWrites++;
    }

    /** Write {@code seq} failed (error reply or connection lost): its data may or may not be there. */
    synchronized void failed(long seq, long sector, int count) {
        requireInside(sector, count);
        for (long s = sector; s < sector + count; s++) {
            failedSinceAck.computeIfAbsent(s, k -> new ArrayList<>(2)).add(seq);
        }
        failedWrites++;
    }

    synchronized long acknowledgedWrites() {
        return acknowledgedWrites;
    }

    synchronized long failedWrites() {
        return failedWrites;
    }

    /** The mismatch of sector {@code sector} holding {@code found}, or null when that is allowed. */
    synchronized Mismatch check(long sector, long found) {
        long expected = acked[(int) sector];
        List<Long> failed = failedSinceAck.getOrDefault(sector, List.of());
        if (found == expected || (found > 0 && failed.contains(found))) {
            return null;
        }
        return new Mismatch(sector, expected, List.copyOf(failed), found);
    }

    /** Checks the sectors in {@code data} (position..limit), which are device sectors from {@code sector} on. */
    List<Mismatch> check(long sector, ByteBuffer data) {
        List<Mismatch> found = new ArrayList<>();
        int count = data.remaining() / SectorPattern.SECTOR;
        for (int i = 0; i < count; i++) {
            long s = sector + i;
            Mismatch m = check(s, SectorPattern.decode(data, data.position() + i * SectorPattern.SECTOR, s));
            if (m != null) {
                found.add(m);
            }
        }
        return found;
    }

    /** Checks every sector of the device as {@code source} reads it. */
    Verdict verify(String name, SectorSource source) throws IOException {
        List<Mismatch> reported = new ArrayList<>();
        long total = 0;
        for (long s = 0; s < acked.length; s += CHUNK_SECTORS) {
            int count = (int) Math.min(CHUNK_SECTORS, acked.length - s);
            ByteBuffer data = source.read(s, count);
            if (data.remaining() != count * SectorPattern.SECTOR) {
                throw new IOException(name + ": read of " + count + " sectors at " + s + " returned "
                        + data.remaining() + " bytes");
            }
            for (Mismatch m : check(s, data)) {
                total++;
                if (reported.size() < REPORTED) {
                    reported.add(m);
                }
            }
        }
        return new Verdict(name, acked.length, List.copyOf(reported), total);
    }

    private void requireInside(long sector, int count) {
        if (sector < 0 || count <= 0 || sector + count > acked.length) {
            throw new IllegalArgumentException("sectors " + sector + "+" + count + " outside the device of "
                    + acked.length + " sectors");
        }
    }
}
