package io.lunbridge.app.doctor;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * {@code lunbridge doctor}: every check of the host with its finding, and the verdict whether and
 * how {@code attach} can work here (kernel nbd, or FUSE + loop on kernels without nbd).
 */
public final class Doctor {
    /** The checks' findings and the verdict, which is itself the last finding. */
    public record Report(List<Finding> findings, boolean attachPossible) {
        public Report {
            findings = List.copyOf(findings);
        }
    }

    private final KernelChecks kernel;
    private final NetworkChecks network;
    private final SystemChecks system;

    public Doctor(Host host, Path initiatorNameFile, Function<Path, String> nameParser) {
        this.kernel = new KernelChecks(host);
        this.network = new NetworkChecks(host);
        this.system = new SystemChecks(host, initiatorNameFile, nameParser);
    }

    public Report examine() {
        List<Finding> findings = new ArrayList<>();
        findings.addAll(kernel.findings());
        findings.addAll(system.findings());
        findings.addAll(network.findings());
        Finding verdict = verdict();
        findings.add(verdict);
        return new Report(findings, verdict.status() != Finding.Status.FAIL);
    }

    private Finding verdict() {
        List<String> missing = new ArrayList<>();
        if (!system.javaOk()) {
            missing.add("Java " + SystemChecks.MIN_JAVA);
        }
        if (!system.root()) {
            missing.add("root");
        }
        boolean fuseLoop = kernel.fuse() && kernel.loopControl();
        if (!kernel.nbdLoaded() && !kernel.nbdAvailable() && !fuseLoop) {
            missing.add("the nbd driver or /dev/fuse with /dev/loop-control");
        }
        if (!missing.isEmpty()) {
            return Finding.fail("attach", "cannot work: missing " + String.join(", ", missing),
                    "mend the FAIL lines above");
        }
        if (kernel.nbdLoaded()) {
            return Finding.ok("attach", "possible: LUNs become /dev/nbdN through the kernel nbd driver");
        }
        if (fuseLoop) {
            return Finding.ok("attach", "possible: LUNs become loop devices over FUSE files (FUSE + loop)"
                    + (kernel.nbdAvailable() ? "; after 'modprobe nbd' /dev/nbdN devices instead" : ""));
        }
        return Finding.fail("attach", "cannot work until the nbd driver is loaded (and the FUSE + loop fallback"
                + " lacks /dev/fuse or /dev/loop-control)", "modprobe nbd");
    }
}
