package io.lunbridge.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code lunbridge iface add|list|remove} through {@link Main}, and the loopback refusals of --iface. */
class IfaceCommandTest {
    @TempDir
    Path tmp;

    private record Run(int status, String out, String err) {
    }

    private Run run(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        if (!all.contains("--target")) {
            all.add("--store");
            all.add(tmp.resolve("store.db").toString());
        }
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = Main.execute(all.toArray(new String[0]), new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(status, out.toString(), err.toString());
    }

    /** A real, non-loopback interface of this host (there is always one in the test environments). */
    private static String someInterface() throws Exception {
        return java.util.Collections.list(java.net.NetworkInterface.getNetworkInterfaces()).stream()
                .filter(n -> {
                    try {
                        return !n.isLoopback();
                    } catch (java.net.SocketException e) {
                        return false;
                    }
                }).map(java.net.NetworkInterface::getName).findFirst().orElseThrow();
    }

    @Test
    void namedInterfacesAreAddedListedAndRemoved() throws Exception {
        String netdev = someInterface();
        Run add = run("iface", "add", "san-a", "--netdev", netdev);
        assertEquals(0, add.status(), add.err());
        assertEquals("iface san-a = " + netdev + "\n", add.out());
        assertEquals("san-a " + netdev + "\n", run("iface", "list").out());
        assertEquals(0, run("iface", "remove", "san-a").status());
        assertTrue(run("iface", "list").out().startsWith("no named interfaces in "));
        Run again = run("iface", "remove", "san-a");
        assertEquals(1, again.status());
        assertTrue(again.err().contains("no interface named san-a in the store"), again.err());
    }

    @Test
    void loopbackAndMissingInterfacesAreRefusedNamingThem() {
        Run lo = run("iface", "add", "bad", "--netdev", "lo");
        assertEquals(1, lo.status());
        assertTrue(lo.err().contains("interface lo is a loopback interface (IFF_LOOPBACK)"), lo.err());
        Run missing = run("iface", "add", "bad", "--netdev", "nosuch0");
        assertEquals(1, missing.status());
        assertTrue(missing.err().contains("interface nosuch0 does not exist on this host"), missing.err());
        Run serve = run("serve", "--target", "iqn.2026-12.io.lunbridge.test:t", "--portal", "198.18.0.2",
                "--iface", "lo", "--config-dir", tmp.toString());
        assertEquals(1, serve.status());
        assertTrue(serve.err().contains("interface lo is a loopback interface"), serve.err());
    }
}
