package io.lunbridge.cli;

import io.lunbridge.app.TargetLuns;
import io.lunbridge.app.lifecycle.BackendIdentifier;
import io.lunbridge.app.lifecycle.FencedDevice;
import io.lunbridge.app.lifecycle.LocalDisk;
import io.lunbridge.bridge.kernel.AttachMode;
import io.lunbridge.bridge.kernel.AttachedDevice;
import io.lunbridge.bridge.kernel.KernelAttacher;
import io.lunbridge.bridge.nbd.NbdExport;
import io.lunbridge.bridge.nbd.NbdServerConfig;
import io.lunbridge.mpio.MultipathDevice;
import io.lunbridge.protocol.lu.LunInfo;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Logged-in LUNs made kernel block devices /dev/nbdN, for {@code attach} and the daemon: each LUN is
 * claimed through the {@link AttachSupervisor} and attached under its {@link BackendIdentifier}, so a
 * device the kernel still holds for that LUN (its server was killed, or the daemon handed it over at
 * a restart) is taken over with the same index instead of a new one being connected. Each attach is
 * one line on {@code out}: {@code LUN 1 of IQN attached as /dev/nbd0 (netlink, N bytes, dead-connection
 * timeout 150 s)}, with "taken over" in place of "attached" for a device found again.
 *
 * <p>Partial failure: the devices attached before a failing LUN are detached again before the error
 * is thrown. The caller owns the {@link KernelAttacher} and closes it after the devices are gone.
 */
final class NbdLuns {
    private static final Logger LOG = LogManager.getLogger(NbdLuns.class);
    /** How long a hand-over waits for the requests already read to be answered. */
    static final Duration HAND_OVER_WAIT = Duration.ofSeconds(30);

    private final List<NbdDisk> disks;

    private NbdLuns(List<NbdDisk> disks) {
        this.disks = new java.util.concurrent.CopyOnWriteArrayList<>(disks);
    }

    /** Forgets {@code disk} (detached on its own): a later hand-over leaves it out. */
    void forget(LocalDisk disk) {
        disks.remove(disk);
    }

    /**
     * Claims {@code units} and attaches each.
     *
     * @param index the device to use (one unit only), or empty
     * @param timeout the kernel request timeout ({@code --timeout})
     * @param deadConnOverride {@code --dead-conn-timeout}, or empty to derive it from the replacement timeout
     * @param maxBytesInFlight {@code nbd.max-bytes-in-flight}: data bytes each kernel connection holds
     *                         before reading from the kernel pauses
     */
    static NbdLuns attach(AttachSupervisor supervisor, KernelAttacher attacher, List<MultipathDevice> units,
                          OptionalInt index, long timeout, Optional<Long> deadConnOverride, long maxBytesInFlight,
                          PrintWriter out) throws IOException {
        supervisor.claim(units);
        List<NbdDisk> disks = new ArrayList<>();
        try {
            for (MultipathDevice u : units) {
                KernelTimeouts kernel = KernelTimeouts.of(u.replacementTimeout(), timeout, deadConnOverride);
                kernel.warning().ifPresent(LOG::warn);
                LunInfo info = u.info();
                String name = TargetLuns.exportName(supervisor.target(), info.lun());
                String label = AttachSupervisor.label(info.lun());
                FencedDevice fenced = new FencedDevice(supervisor.metered(name, u));
                NbdExport export = new NbdExport(name, info.vendor() + " " + info.product() + " " + info.lun() + " of "
                        + supervisor.target(), fenced);
                String backend = attacher.mode() == AttachMode.NETLINK
                        ? BackendIdentifier.of(supervisor.target(), label).value() : "";
                // on the device's own loop: no thread hand-over per request (an epoll loop, as the socketpair is)
                AttachedDevice d = attacher.attach(export, index, timeout, kernel.deadConnSeconds(),
                        NbdServerConfig.DEFAULT_MAX_IN_FLIGHT, maxBytesInFlight,
                        u.eventLoop() instanceof io.netty.channel.epoll.EpollEventLoop ? u.eventLoop() : null, backend);
                disks.add(new NbdDisk(d, fenced));
                supervisor.attached(info.lun(), Path.of(d.path()), null);
                out.println("LUN " + label + " of " + supervisor.target() + (d.takenOver() ? " taken over as " : " attached as ")
                        + d.path() + " (" + d.mode() + ", " + u.geometry().sizeBytes() + " bytes"
                        + (d.mode() == AttachMode.NETLINK ? ", " + kernel.describeDeadConn() : "") + ")");
                out.flush();
            }
        } catch (IOException | RuntimeException e) {
            for (NbdDisk d : disks) {
                out.println(d.detach());
            }
            out.flush();
            throw e;
        }
        return new NbdLuns(disks);
    }

    /** The devices, in the order of the units. */
    List<LocalDisk> disks() {
        return List.copyOf(disks);
    }

    /** Whether every device can be handed over (netlink: the kernel keeps it for the next process). */
    boolean canHandOver() {
        return !disks.isEmpty() && disks.stream().allMatch(d -> d.attached().mode() == AttachMode.NETLINK);
    }

    /**
     * Leaves every device configured in the kernel for the next process (see
     * {@link AttachedDevice#handOver(Duration)}).
     *
     * @return one sentence per device
     */
    List<String> handOver() {
        List<String> lines = new ArrayList<>();
        for (NbdDisk d : disks) {
            boolean clean = d.attached().handOver(HAND_OVER_WAIT);
            lines.add(d.attached().path() + " handed over: left configured in the kernel"
                    + (clean ? "" : " (requests still at the LUN were cut off; the kernel re-sends them)")
                    + "; its I/O waits for the next lunbridge to take it over");
        }
        return lines;
    }
}
