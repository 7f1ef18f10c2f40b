package io.lunbridge.app.daemon;

import io.lunbridge.app.PortalAddress;
import io.lunbridge.protocol.login.ChapCredentials;
import io.lunbridge.protocol.login.MutualChap;
import io.lunbridge.protocol.login.Secret;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The words after {@code login IQN}: {@code portal HOST[:PORT]}, then optionally {@code chap-name N},
 * {@code chap-secret-file PATH}, {@code target-chap-name N}, {@code target-chap-secret-file PATH}
 * (the same rules as the CLI's CHAP options: the names need the secret file, mutual CHAP needs the
 * initiator's). Secret files are read here, by the daemon: only their paths travel. Every error is
 * an {@link IllegalArgumentException} starting {@code login:} and naming the word or the file.
 */
final class LoginOptions {
    private static final Set<String> KEYS = Set.of("portal", "chap-name", "chap-secret-file", "target-chap-name",
            "target-chap-secret-file");

    private LoginOptions() {
    }

    static PortalLogin parse(List<String> words) {
        if (words.size() % 2 != 0) {
            throw new IllegalArgumentException("login: '" + words.get(words.size() - 1) + "' needs a value");
        }
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < words.size(); i += 2) {
            String k = words.get(i);
            if (!KEYS.contains(k)) {
                throw new IllegalArgumentException("login: unknown option '" + k + "' (expected one of portal, chap-name, "
                        + "chap-secret-file, target-chap-name, target-chap-secret-file)");
            }
            if (m.put(k, words.get(i + 1)) != null) {
                throw new IllegalArgumentException("login: '" + k + "' given twice");
            }
        }
        String p = m.get("portal");
        if (p == null) {
            throw new IllegalArgumentException("login: the CHAP options need 'portal HOST[:PORT]'");
        }
        PortalAddress portal;
        try {
            portal = PortalAddress.parse(p);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("login: " + e.getMessage(), e);
        }
        return new PortalLogin(portal, chap(m));
    }

    private static Optional<ChapCredentials> chap(Map<String, String> m) {
        String file = m.get("chap-secret-file");
        if (file == null) {
            if (m.containsKey("chap-name") || m.containsKey("target-chap-name") || m.containsKey("target-chap-secret-file")) {
                throw new IllegalArgumentException("login: chap-name, target-chap-name and target-chap-secret-file need "
                        + "chap-secret-file");
            }
            return Optional.empty();
        }
        if (m.containsKey("target-chap-name") && !m.containsKey("target-chap-secret-file")) {
            throw new IllegalArgumentException("login: target-chap-name needs target-chap-secret-file (mutual CHAP)");
        }
        Secret secret = secret(file, "chap-secret-file");
        Optional<Secret> targetSecret = m.containsKey("target-chap-secret-file")
                ? Optional.of(secret(m.get("target-chap-secret-file"), "target-chap-secret-file"))
                : Optional.empty();
        try {
            Optional<MutualChap> mutual = targetSecret.map(s -> new MutualChap(m.get("target-chap-name"), s));
            return Optional.of(new ChapCredentials(m.get("chap-name"), secret, mutual));
        } catch (IllegalArgumentException e) {
            // e.g. the same secret in both files: the files and names given are what the user must change
            throw new IllegalArgumentException("login: " + given(m) + ": " + e.getMessage(), e);
        }
    }

    /** The CHAP words given, as {@code key value, ...} (names and file paths: no secret). */
    private static String given(Map<String, String> m) {
        List<String> out = new java.util.ArrayList<>();
        m.forEach((k, v) -> {
            if (!k.equals("portal")) {
                out.add(k + " " + v);
            }
        });
        return String.join(", ", out);
    }

    private static Secret secret(String file, String key) {
        Path path = Path.of(file);
        if (!path.isAbsolute()) {
            throw new IllegalArgumentException("login: " + key + " '" + file + "': expected an absolute path (the daemon "
                    + "reads it, from its own working directory)");
        }
        try {
            return Secret.fromFile(path);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("login: " + key + " " + file + ": " + e.getMessage(), e);
        }
    }
}
