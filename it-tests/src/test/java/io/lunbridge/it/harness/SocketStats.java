package io.lunbridge.it.harness;

/**
 * Reads TCP socket state inside a namespace with {@code ss}, independent of what a target reports
 * about itself.
 */
public final class SocketStats {

    private SocketStats() {
    }

    /** True when something in {@code ns} listens on TCP {@code port}. */
    public static boolean isListening(NetworkNamespace ns, int port) {
        return countLines(ns.exec("ss", "-H", "-t", "-l", "-n", "sport = :" + port).stdout()) > 0;
    }

    /** Number of established TCP connections in {@code ns} whose local port is {@code port}. */
    public static int establishedOnLocalPort(NetworkNamespace ns, int port) {
        return countLines(ns.exec("ss", "-H", "-t", "-n", "state", "established", "sport = :" + port).stdout());
    }

    static int countLines(String output) {
        int count = 0;
        for (String line : output.split("\n")) {
            if (!line.isBlank()) {
                count++;
            }
        }
        return count;
    }
}
