package io.lunbridge.app.doctor;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Interface settings that break sessions over several local interfaces, and the socket buffer
 * limits (Linux's analogue of AIX's sb_max).
 */
final class NetworkChecks {
    /** Buffer size a 10 GbE path with a millisecond of latency needs to stay full. */
    static final long WANTED_BUFFER = 4L << 20;

    private final Host host;

    NetworkChecks(Host host) {
        this.host = host;
    }

    /** Interfaces with IPv4 settings, without lo and the all/default pseudo entries. */
    List<String> interfaces() {
        return host.list("/proc/sys/net/ipv4/conf").stream()
                .filter(n -> !n.equals("all") && !n.equals("default") && !n.equals("lo")).toList();
    }

    /** The kernel uses the larger of conf/all and conf/IF for these three settings. */
    private OptionalLong effective(String iface, String setting) {
        OptionalLong all = number(host.read("/proc/sys/net/ipv4/conf/all/" + setting));
        OptionalLong own = number(host.read("/proc/sys/net/ipv4/conf/" + iface + "/" + setting));
        if (all.isEmpty() || own.isEmpty()) {
            return all.isPresent() ? all : own;
        }
        return OptionalLong.of(Math.max(all.getAsLong(), own.getAsLong()));
    }

    static OptionalLong number(Optional<String> text) {
        try {
            return text.isPresent() ? OptionalLong.of(Long.parseLong(text.get().trim())) : OptionalLong.empty();
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    List<Finding> findings() {
        List<Finding> out = new ArrayList<>();
        List<String> ifaces = interfaces();
        if (ifaces.size() < 2) {
            out.add(Finding.ok("interfaces", ifaces.isEmpty() ? "no network interface besides lo"
                    : "one interface (" + ifaces.get(0) + "): rp_filter and ARP settings do not matter"));
        } else {
            out.add(setting(ifaces, "rp_filter", v -> v == 1, "strict reverse-path filtering (1) drops replies"
                    + " that arrive on another interface than the route back",
                    i -> "net.ipv4.conf.all.rp_filter=2 net.ipv4.conf." + i + ".rp_filter=2", "rp_filter"));
            out.add(setting(ifaces, "arp_ignore", v -> v == 0, "arp_ignore 0 lets every interface answer ARP for"
                    + " every local address (ARP flux), so traffic for one path arrives on another",
                    i -> "net.ipv4.conf." + i + ".arp_ignore=1", "arp_ignore"));
            out.add(setting(ifaces, "arp_announce", v -> v < 2, "arp_announce below 2 may announce one"
                    + " interface's address from another",
                    i -> "net.ipv4.conf." + i + ".arp_announce=2", "arp_announce"));
        }
        out.add(buffer("receive buffers", "net.core.rmem_max", "/proc/sys/net/core/rmem_max",
                "net.ipv4.tcp_rmem", "/proc/sys/net/ipv4/tcp_rmem"));
        out.add(buffer("send buffers", "net.core.wmem_max", "/proc/sys/net/core/wmem_max",
                "net.ipv4.tcp_wmem", "/proc/sys/net/ipv4/tcp_wmem"));
        return out;
    }

    private Finding setting(List<String> ifaces, String setting, java.util.function.LongPredicate bad, String why,
            java.util.function.Function<String, String> sysctl, String subject) {
        List<String> wrong = new ArrayList<>();
        List<String> fixes = new ArrayList<>();
        for (String i : ifaces) {
            OptionalLong v = effective(i, setting);
            if (v.isPresent() && bad.test(v.getAsLong())) {
                wrong.add(i + "=" + v.getAsLong());
                fixes.add(sysctl.apply(i));
            }
        }
        if (wrong.isEmpty()) {
            return Finding.ok(subject, "fine on " + String.join(", ", ifaces));
        }
        return Finding.warn(subject, String.join(", ", wrong) + ": " + why,
                "sysctl -w " + String.join(" ", fixes) + " (and the same in /etc/sysctl.d/lunbridge.conf)");
    }

    private Finding buffer(String subject, String maxKey, String maxFile, String tcpKey, String tcpFile) {
        OptionalLong max = number(host.read(maxFile));
        Optional<String> tcp = host.read(tcpFile);
        OptionalLong tcpMax = tcp.map(t -> t.split("\\s+")).filter(f -> f.length == 3)
                .map(f -> number(Optional.of(f[2]))).orElse(OptionalLong.empty());
        if (max.isEmpty() || tcpMax.isEmpty()) {
            return Finding.warn(subject, "cannot read " + maxFile + " or " + tcpFile,
                    "check that /proc is mounted (sysctl " + maxKey + " " + tcpKey + ")");
        }
        long reach = Math.max(max.getAsLong(), tcpMax.getAsLong());
        String detail = maxKey + "=" + max.getAsLong() + ", " + tcpKey + " max=" + tcpMax.getAsLong();
        if (reach >= WANTED_BUFFER) {
            return Finding.ok(subject, detail + ": TCP may grow to " + reach + " bytes");
        }
        return Finding.warn(subject, detail + ": at most " + reach + " bytes per socket, below "
                + WANTED_BUFFER + " (fast paths will not fill)",
                "sysctl -w " + maxKey + "=16777216 " + tcpKey + "=\"4096 131072 16777216\"");
    }
}
