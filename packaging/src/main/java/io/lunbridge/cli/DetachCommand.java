package io.lunbridge.cli;

import io.lunbridge.bridge.kernel.AttachMode;
import io.lunbridge.bridge.kernel.KernelAttacher;
import io.lunbridge.bridge.kernel.NbdDriver;
import io.lunbridge.bridge.kernel.NbdSysfs;
import io.lunbridge.bridge.kernel.Posix;
import java.io.IOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code lunbridge detach /dev/nbdN}: asks the kernel to disconnect a device attached by
 * {@code lunbridge attach} (running in another process, which then finishes the requests in flight
 * and exits) and waits until the kernel has released it.
 */
@Command(name = "detach", mixinStandardHelpOptions = true,
        description = "Detach a kernel block device /dev/nbdN attached by 'lunbridge attach'.")
final class DetachCommand implements Callable<Integer> {
    private static final long WAIT_MILLIS = 30_000;

    @Parameters(index = "0", paramLabel = "/dev/nbdN", description = "The device to detach")
    String device;

    @Option(names = "--mode", paramLabel = "auto|netlink|ioctl", defaultValue = "auto",
            description = "Kernel interface for the disconnect (default: netlink if available)")
    String mode;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        int index = NbdSysfs.parseDevice(device);
        NbdSysfs sysfs = NbdSysfs.system();
        NbdDriver driver = KernelAttacher.driver(AttachMode.parse(mode), Posix.load(), sysfs);
        driver.disconnect(index);
        long deadline = System.nanoTime() + WAIT_MILLIS * 1_000_000;
        while (sysfs.inUse(index)) {
            if (System.nanoTime() > deadline) {
                throw new IOException("disconnect of " + device + " sent (" + driver.mode() + "), but it is still in use after "
                        + WAIT_MILLIS / 1000 + " s");
            }
            Thread.sleep(50);
        }
        spec.commandLine().getOut().println(device + " detached (" + driver.mode() + ")");
        return 0;
    }
}
