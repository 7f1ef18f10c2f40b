package io.lunbridge.cli.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lunbridge.app.config.ConfigKey;
import io.lunbridge.app.config.Configuration;
import io.lunbridge.cli.Main;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the package is built from: man pages, the sample configuration, completion, control files. */
class DistFilesTest {
    @TempDir
    Path tmp;

    static String gunzip(Path file) throws IOException {
        try (GZIPInputStream in = new GZIPInputStream(Files.newInputStream(file))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void onePagePerVerbAndTheMainPageListsThemAll() {
        Map<String, String> pages = new ManPages(Main.commandLine()).pages();
        for (String verb : Main.commandLine().getSubcommands().keySet()) {
            assertTrue(pages.containsKey("lunbridge-" + verb + ".8"), "no page for " + verb + ": " + pages.keySet());
            assertTrue(pages.get("lunbridge.8").contains("\\fBlunbridge\\-" + verb.replace("-", "\\-") + "\\fR(8)"), verb);
        }
        String target = pages.get("lunbridge-target.8");
        assertTrue(target.contains(".SH \"LUNBRIDGE TARGET ADD\""), "nested verbs are sections of their verb's page");
        assertTrue(pages.get("lunbridge-discover.8").contains("\\fB\\-\\-targets\\-file\\fR \\fIFILE\\fR"));
    }

    @Test
    void theSampleConfigurationListsEveryKeyAtItsDefaultAndParsesUncommented() {
        String sample = ConfigFilePages.sampleConfiguration();
        for (ConfigKey k : ConfigKey.values()) {
            assertTrue(sample.contains("\n#" + k.key() + " = " + k.defaultValue() + "\n"), k.key());
        }
        assertEquals(Configuration.defaults().render(), Configuration.parse("sample", sample).render(),
                "everything commented out: the defaults");
        Configuration uncommented = Configuration.parse("sample", sample.replaceAll("(?m)^#([a-z][a-z.-]* = )", "$1"));
        for (ConfigKey k : ConfigKey.values()) {
            assertEquals(k.defaultValue(), uncommented.get(k), "each default is a valid value of " + k.key());
        }
    }

    @Test
    void theConfManPageHasEveryKeyAndTheTargetsFileFormat() {
        String page = ConfigFilePages.manPage("lunbridge 0.1.0");
        for (ConfigKey k : ConfigKey.values()) {
            assertTrue(page.contains("\\fB" + k.key().replace("-", "\\-") + "\\fR (default: "), k.key());
        }
        assertTrue(page.contains(".SH \"TARGETS FILE\""));
        assertTrue(page.contains("HostNameOrAddress PortNumber iSCSIName"));
    }

    @Test
    void filesAreWrittenCompressedAndTheUnitsOfTheSystemdDirectoryAreNamed() throws IOException {
        Path templates = tmp.resolve("templates");
        Files.createDirectories(templates.resolve("control"));
        Files.writeString(templates.resolve("control/postinst"), "#!/bin/sh\nUNITS=\"@UNITS@\"\n");
        Files.writeString(templates.resolve("control/control"), "Version: @VERSION@\n");
        Files.writeString(templates.resolve("control/triggers"), "interest-noawait /usr/lib/jvm\n");
        Files.writeString(templates.resolve("changelog"), "lunbridge (@VERSION@) unstable; urgency=medium\n");
        Files.writeString(templates.resolve("copyright"), "Format: x\n");
        Path systemd = Files.createDirectories(tmp.resolve("systemd"));
        for (String f : List.of("lunbridge.service", "lunbridge-boot.target", "lunbridge.socket", "README", "x.timer")) {
            Files.writeString(systemd.resolve(f), "");
        }
        Path out = tmp.resolve("out");
        DistFiles.main(new String[] {out.toString(), templates.toString(), systemd.toString(), "1.2~dev"});

        assertEquals("#!/bin/sh\nUNITS=\"lunbridge-boot.target lunbridge.service lunbridge.socket\"\n",
                Files.readString(out.resolve("control/postinst")));
        assertTrue(Files.isExecutable(out.resolve("control/postinst")));
        assertFalse(Files.isExecutable(out.resolve("control/triggers")), "triggers is data (lintian: 0644)");
        assertFalse(Files.isExecutable(out.resolve("control/control")), "control is data");
        assertEquals("Version: 1.2~dev\n", Files.readString(out.resolve("control/control")));
        assertTrue(gunzip(out.resolve("usr/share/doc/lunbridge/changelog.gz")).startsWith("lunbridge (1.2~dev)"));
        byte[] gz = Files.readAllBytes(out.resolve("usr/share/man/man8/lunbridge.8.gz"));
        assertEquals(2, gz[8], "gzip header says maximum compression (lintian)");
        assertEquals(0, gz[4] | gz[5] | gz[6] | gz[7], "no timestamp in the gzip header");
        assertTrue(gunzip(out.resolve("usr/share/man/man8/lunbridge.8.gz")).startsWith(".TH LUNBRIDGE 8"));
        String completion = Files.readString(out.resolve("usr/share/bash-completion/completions/lunbridge"));
        assertTrue(!completion.startsWith("#!") && completion.contains("complete -F"), "sourced, not run");
        assertEquals(ConfigFilePages.sampleConfiguration(), Files.readString(out.resolve("etc/lunbridge/lunbridge.conf")));
        assertEquals(List.of(), PackageFiles.units(tmp.resolve("no-such-dir")), "no systemd directory: no units");
    }

    @Test
    void roffEscapesWhatWouldBeMacrosOrBackslashes() {
        assertEquals("\\&.TH not a macro\n\\&'also not", Roff.escape(".TH not a macro\n'also not"));
        assertEquals("a\\eb \\-\\-x", Roff.escape("a\\b --x"));
    }

}
