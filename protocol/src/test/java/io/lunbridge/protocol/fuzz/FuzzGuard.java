package io.lunbridge.protocol.fuzz;

import static org.junit.jupiter.api.Assertions.fail;

import java.lang.management.ManagementFactory;
import java.util.HexFormat;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs one decoder call on hostile input and checks the three promises of a bounded parser: it
 * returns or throws only its own format exception (or one of the others the caller allows), it
 * returns at all (a generous 10 s hang guard, not a speed test), and it allocates at most
 * {@code 64 × input + 4 MiB} bytes (measured with the JVM's per-thread allocation counter on a
 * second run, so that loading classes on the first does not count), so a length field cannot make
 * it allocate what the input does not hold.
 *
 * <p>One guard per test instance (a field closed by {@code @AutoClose}); calls run on its single daemon
 * thread, one at a time.
 */
public final class FuzzGuard implements AutoCloseable {
    /** Hang guard per call: far above any decode of the inputs used here. */
    static final long HANG_GUARD_SECONDS = 10;
    /** Fixed part of the allocation budget: room for lists, strings and exception messages. */
    static final long BUDGET_BASE = 4L * 1024 * 1024;
    /** Bytes a decoder may allocate per input byte. */
    static final long BUDGET_PER_BYTE = 64;

    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "fuzz-guard");
        t.setDaemon(true);
        return t;
    });

    /** A decoder call. */
    @FunctionalInterface
    public interface Decode {
        void run() throws Exception;
    }

    /**
     * Runs {@code decode} on {@code input}'s behalf.
     *
     * @param inputLength bytes of hostile input the call reads (for the allocation budget)
     * @param input the input, shown in a failure
     * @param allowed the exceptions the decoder may throw (its format exception)
     */
    @SafeVarargs
    public final void check(int inputLength, byte[] input, Decode decode, Class<? extends Throwable>... allowed) {
        Future<Long> result = thread.submit(() -> {
            com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
            runOnce(decode, input, allowed); // the first run may load and initialize classes
            long before = mx.getCurrentThreadAllocatedBytes();
            runOnce(decode, input, allowed);
            return mx.getCurrentThreadAllocatedBytes() - before;
        });
        long allocated;
        try {
            allocated = result.get(HANG_GUARD_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            result.cancel(true);
            throw new AssertionError("decoder did not return within " + HANG_GUARD_SECONDS + " s on input "
                    + show(input));
        } catch (ExecutionException e) {
            throw e.getCause() instanceof AssertionError ? (AssertionError) e.getCause() : new AssertionError(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        long budget = BUDGET_BASE + BUDGET_PER_BYTE * inputLength;
        if (allocated > budget) {
            fail("decoder allocated " + allocated + " bytes for " + inputLength + " bytes of input (budget " + budget
                    + ") on input " + show(input));
        }
    }

    /** {@link #check(int, byte[], Decode, Class[])} for a byte array input. */
    @SafeVarargs
    public final void check(byte[] input, Decode decode, Class<? extends Throwable>... allowed) {
        check(input.length, input, decode, allowed);
    }

    private static void runOnce(Decode decode, byte[] input, Class<? extends Throwable>[] allowed) {
        try {
            decode.run();
        } catch (Throwable t) {
            if (!isAllowed(t, allowed)) {
                throw new AssertionError("unexpected " + t + " on input " + show(input), t);
            }
        }
    }

    private static boolean isAllowed(Throwable t, Class<? extends Throwable>[] allowed) {
        for (Class<? extends Throwable> c : allowed) {
            if (c.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    private static String show(byte[] input) {
        if (input == null) {
            return "(not shown)";
        }
        int n = Math.min(input.length, 256);
        return input.length + " bytes " + HexFormat.of().formatHex(input, 0, n) + (n < input.length ? "…" : "");
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
