package io.lunbridge.protocol.discovery.slp;

import io.lunbridge.protocol.input.Excerpt;
import java.util.Locale;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * A service URL (RFC 2609): {@code service:<type>://<host>[:<port>][<path>]}, for example
 * {@code service:directory-agent://198.18.4.1} or
 * {@code service:iscsi:target://198.18.4.11:3260/iqn.2026-11.test.lunbridge:disk1}. IPv6 hosts are
 * in brackets (RFC 3111). Nothing is resolved.
 *
 * @param serviceType lowercased, e.g. {@code service:iscsi:target}
 * @param host host name or address as written (IPv6 without the brackets)
 * @param port the port, if the URL has one
 * @param path everything after the host and port, starting with {@code /} or {@code ;}, or empty
 */
public record ServiceUrl(String serviceType, String host, OptionalInt port, String path) {

    /** Requires the parts. */
    public ServiceUrl {
        Objects.requireNonNull(serviceType, "serviceType");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(port, "port");
        Objects.requireNonNull(path, "path");
    }

    /**
     * Parses a service URL.
     *
     * @throws IllegalArgumentException naming the URL and the problem
     */
    public static ServiceUrl parse(String url) {
        if (!url.regionMatches(true, 0, "service:", 0, 8)) {
            throw bad(url, "expected it to start with 'service:'");
        }
        int sep = url.indexOf("://");
        if (sep < 0) {
            throw bad(url, "expected '://' after the service type");
        }
        String type = url.substring(0, sep).toLowerCase(Locale.ROOT);
        if (type.length() == 8 || type.endsWith(":")) {
            throw bad(url, "expected a service type after 'service:'");
        }
        int start = sep + 3;
        int end = start;
        while (end < url.length() && url.charAt(end) != '/' && url.charAt(end) != ';') {
            if (url.charAt(end) == '[') {
                int close = url.indexOf(']', end);
                if (close < 0) {
                    throw bad(url, "expected ']' after the IPv6 address");
                }
                end = close;
            }
            end++;
        }
        String authority = url.substring(start, end);
        String host;
        String portText = null;
        if (authority.startsWith("[")) {
            int close = authority.indexOf(']');
            host = authority.substring(1, close);
            String rest = authority.substring(close + 1);
            if (!rest.isEmpty()) {
                if (!rest.startsWith(":")) {
                    throw bad(url, "expected ':' or the end of the address after ']'");
                }
                portText = rest.substring(1);
            }
        } else {
            int colon = authority.lastIndexOf(':');
            host = colon < 0 ? authority : authority.substring(0, colon);
            portText = colon < 0 ? null : authority.substring(colon + 1);
        }
        if (host.isEmpty()) {
            throw bad(url, "expected a host after '://'");
        }
        OptionalInt port = OptionalInt.empty();
        if (portText != null) {
            boolean digits = !portText.isEmpty() && portText.length() <= 5
                    && portText.chars().allMatch(c -> c >= '0' && c <= '9');
            int value = digits ? Integer.parseInt(portText) : -1;
            if (value < 1 || value > 65535) {
                throw bad(url, "port: expected 1..65535, found '" + Excerpt.of(portText) + "'");
            }
            port = OptionalInt.of(value);
        }
        return new ServiceUrl(type, host, port, url.substring(end));
    }

    private static IllegalArgumentException bad(String url, String problem) {
        return new IllegalArgumentException("service URL '" + Excerpt.of(url) + "': " + problem);
    }
}
