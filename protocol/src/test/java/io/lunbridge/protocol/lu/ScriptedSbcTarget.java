package io.lunbridge.protocol.lu;

import io.lunbridge.protocol.session.ScsiRequest;
import io.lunbridge.protocol.session.ScsiResult;
import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A small SBC-3 disk in memory answering the CDBs a {@link LogicalUnit} sends, as a session would
 * deliver them (it reads the borrowed write data and leaves releasing it to the caller). Tests queue failures ("next WRITE(16)
 * gets UNIT ATTENTION") and can hold completions back to observe ordering.
 */
final class ScriptedSbcTarget implements ScsiTransport {
    static final int BLOCK = 512;
    final byte[] disk;
    final List<Integer> opcodes = new ArrayList<>();
    final Deque<byte[]> senseForNext = new ArrayDeque<>();
    int senseOpcode = -1;
    boolean writeSameSupported;
    CompletableFuture<Void> gate = CompletableFuture.completedFuture(null);

    ScriptedSbcTarget(int blocks) {
        disk = new byte[blocks * BLOCK];
    }

    /** The next command with this opcode fails with CHECK CONDITION and the given fixed sense. */
    void failNext(int opcode, int key, int asc, int ascq) {
        senseOpcode = opcode;
        byte[] sense = new byte[18];
        sense[0] = 0x70;
        sense[2] = (byte) key;
        sense[7] = 10;
        sense[12] = (byte) asc;
        sense[13] = (byte) ascq;
        senseForNext.add(sense);
    }

    long count(int opcode) {
        return opcodes.stream().filter(o -> o == opcode).count();
    }

    @Override
    public CompletableFuture<ScsiResult> execute(ScsiRequest r) {
        byte[] cdb = r.cdb();
        int op = cdb[0] & 0xff;
        opcodes.add(op);
        byte[] writeData = new byte[r.writeData().readableBytes()];
        r.writeData().getBytes(r.writeData().readerIndex(), writeData);
        return gate.thenApply(v -> answer(op, cdb, writeData, r.expectedLength()));
    }

    private ScsiResult answer(int op, byte[] cdb, byte[] data, int expected) {
        if (op == senseOpcode && !senseForNext.isEmpty()) {
            return new ScsiResult(2, senseForNext.poll(), Unpooled.EMPTY_BUFFER, false, false, 0);
        }
        ByteBuffer c = ByteBuffer.wrap(cdb);
        switch (op) {
            case 0x00:
            case 0x91:
                return good(new byte[0], expected);
            case 0x12:
                return inquiry(cdb, expected);
            case 0x9e: {
                byte[] cap = new byte[32];
                ByteBuffer.wrap(cap).putLong(disk.length / BLOCK - 1).putInt(BLOCK);
                return good(cap, expected);
            }
            case 0x5a: {
                byte[] m = new byte[8 + 20];
                m[1] = (byte) (m.length - 2);
                m[3] = 0x10; // DPOFUA
                m[8] = 0x08;
                m[9] = 18;
                m[10] = 0x04; // WCE
                return good(m, expected);
            }
            case 0x88: {
                int at = (int) (c.getLong(2) * BLOCK);
                int len = c.getInt(10) * BLOCK;
                byte[] out = new byte[len];
                System.arraycopy(disk, at, out, 0, len);
                return good(out, expected);
            }
            case 0x8a: {
                System.arraycopy(data, 0, disk, (int) (c.getLong(2) * BLOCK), data.length);
                return good(new byte[0], expected);
            }
            case 0x93:
                if (!writeSameSupported) {
                    failNext(0x93, 5, 0x20, 0);
                    return answer(op, cdb, data, expected);
                }
                for (int b = 0; b < c.getInt(10); b++) {
                    System.arraycopy(data, 0, disk, (int) ((c.getLong(2) + b) * BLOCK), BLOCK);
                }
                return good(new byte[0], expected);
            default:
                failNext(op, 5, 0x20, 0);
                return answer(op, cdb, data, expected);
        }
    }

    private ScsiResult inquiry(byte[] cdb, int expected) {
        if ((cdb[1] & 1) == 0) {
            byte[] std = new byte[36];
            std[2] = 6;
            std[3] = 2;
            std[4] = 31;
            System.arraycopy("LUNBRIDGFAKE DISK       0001".getBytes(StandardCharsets.US_ASCII), 0, std, 8, 28);
            return good(std, expected);
        }
        switch (cdb[2] & 0xff) {
            case 0x00:
                return good(new byte[] {0, 0, 0, 3, 0x00, (byte) 0x80, (byte) 0x83}, expected);
            case 0x80:
                return good(new byte[] {0, (byte) 0x80, 0, 4, 'S', 'N', '4', '2'}, expected);
            case 0x83:
                return good(new byte[] {0, (byte) 0x83, 0, 12, 1, 3, 0, 8, 0x50, 0, 0, 0, 0, 0, 0, 0x2a}, expected);
            default:
                failNext(0x12, 5, 0x24, 0);
                return answer(0x12, cdb, new byte[0], expected);
        }
    }

    private static ScsiResult good(byte[] data, int expected) {
        int n = Math.min(data.length, expected);
        return new ScsiResult(0, new byte[0], Unpooled.wrappedBuffer(data, 0, n), n < expected, false, expected - n);
    }
}
