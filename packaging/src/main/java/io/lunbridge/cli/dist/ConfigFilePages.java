package io.lunbridge.cli.dist;

import io.lunbridge.app.config.ConfigKey;

/**
 * What is written about {@code lunbridge.conf}, all from {@link ConfigKey} (the one place keys are
 * declared): the commented default file installed as a conffile, and {@code lunbridge.conf(5)},
 * which also describes the AIX targets file.
 */
final class ConfigFilePages {
    private ConfigFilePages() {
    }

    /** The file installed as /etc/lunbridge/lunbridge.conf: every key commented out at its default. */
    static String sampleConfiguration() {
        StringBuilder b = new StringBuilder();
        b.append("# /etc/lunbridge/lunbridge.conf: configuration of lunbridge, the user-space iSCSI initiator.\n")
                .append("# 'key = value' lines; '#' starts a comment. Every key is listed below, commented out,\n")
                .append("# with its default; unknown keys and bad values are refused with file:line.\n")
                .append("# 'lunbridge config show' prints the values in force; lunbridge.conf(5) explains them.\n");
        for (ConfigKey k : ConfigKey.values()) {
            b.append("\n# ").append(k.description()).append('\n')
                    .append("#").append(k.key()).append(" = ").append(k.defaultValue()).append('\n');
        }
        return b.toString();
    }

    /** lunbridge.conf(5). */
    static String manPage(String source) {
        Roff r = new Roff().macro("TH", "LUNBRIDGE.CONF", "5", "", source, ManPages.MANUAL);
        r.section("NAME").raw("lunbridge.conf \\- configuration file of lunbridge");
        r.section("SYNOPSIS").raw(Roff.bold("/etc/lunbridge/lunbridge.conf"));
        r.section("DESCRIPTION");
        r.text("One \"key = value\" setting per line; blank lines are ignored and \"#\" starts a comment. "
                + "Keys are case-insensitive and may be set once. An unknown key or a bad value is an error "
                + "naming the file and the line, and every error of the file is reported together. A missing "
                + "file means every default. Command-line options override the file. The directory is "
                + "/etc/lunbridge unless --config-dir or LUNBRIDGE_CONFIG_DIR names another one. "
                + "\"lunbridge config show\" prints every key with its value and where it came from.");
        r.section("KEYS");
        for (ConfigKey k : ConfigKey.values()) {
            String def = k.defaultValue().isEmpty() ? "(empty)" : k.defaultValue();
            r.tagged(Roff.bold(k.key()) + " (default: " + Roff.escape(def) + ")", capitalized(k.description()) + ".");
        }
        r.section("TARGETS FILE");
        r.text("The \"file\" discovery method reads the AIX-format targets file named by "
                + "discovery.targets-file (default /etc/lunbridge/targets), one target per entry:");
        r.example("HostNameOrAddress PortNumber iSCSIName [\"CHAPSecret\" [CHAPName]]");
        r.macro("PP").text("Blank lines and lines starting with # are ignored; a # that starts a word outside a "
                + "quoted secret comments out the rest of the line. Fields are separated by blanks; a \\ at "
                + "the end of a line continues the entry on the next line. The host is a dotted IPv4 "
                + "address, an IPv6 address without brackets, or a host name. The port is 1..65535. The "
                + "iSCSI name is an iqn., eui. or naa. name. The CHAP secret is in double quotes, taken "
                + "literally, non-empty and without a double quote; the CHAP name, allowed only after a "
                + "secret, defaults to the initiator name. The whole file is refused when any entry is bad, "
                + "with file:line:column; secrets never appear in messages. Keep the file mode 0600 "
                + "when it holds secrets. Example:");
        r.example("198.18.0.2 3260 iqn.2003-01.org.example:disk1\n"
                + "198.18.0.3 3260 iqn.2003-01.org.example:disk2 \"secret one\" iqn.1994-05.com.example:host");
        r.section("FILES");
        r.tagged(Roff.bold("/etc/lunbridge/lunbridge.conf"), "This file.");
        r.tagged(Roff.bold("/etc/lunbridge/initiatorname"), "InitiatorName=IQN, generated once by the package "
                + "(or on first use) and never overwritten.");
        r.tagged(Roff.bold("/etc/lunbridge/targets"), "The targets file described above.");
        r.section("SEE ALSO").raw(Roff.bold("lunbridge") + "(8), " + Roff.bold("lunbridge-discover") + "(8), "
                + Roff.bold("lunbridge-config") + "(8)");
        return r.toString();
    }

    private static String capitalized(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
