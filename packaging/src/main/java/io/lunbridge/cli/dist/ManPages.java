package io.lunbridge.cli.dist;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * Section 8 man pages from the picocli model: {@code lunbridge(8)} listing the verbs, and one
 * {@code lunbridge-VERB(8)} per verb whose nested verbs (e.g. {@code target add}) are sections of it.
 */
final class ManPages {
    static final String MANUAL = "lunbridge manual";

    private final CommandSpec root;
    private final String source;

    ManPages(CommandLine root) {
        this.root = root.getCommandSpec();
        String[] version = this.root.version();
        this.source = version.length > 0 ? version[0] : root.getCommandName();
    }

    /** File name (e.g. {@code lunbridge-discover.8}) to page text, the main page first. */
    Map<String, String> pages() {
        Map<String, String> pages = new LinkedHashMap<>();
        pages.put(root.name() + ".8", mainPage());
        for (CommandLine sub : verbs(root)) {
            CommandSpec spec = sub.getCommandSpec();
            pages.put(pageName(spec) + ".8", verbPage(spec));
        }
        return pages;
    }

    private static List<CommandLine> verbs(CommandSpec spec) {
        List<CommandLine> verbs = new ArrayList<>();
        for (CommandLine sub : new LinkedHashMap<>(spec.subcommands()).values()) {
            if (!sub.getCommandSpec().usageMessage().hidden() && !verbs.contains(sub)) {
                verbs.add(sub);
            }
        }
        return verbs;
    }

    private static String pageName(CommandSpec spec) {
        return spec.qualifiedName("-");
    }

    private String mainPage() {
        Roff r = header(root);
        r.section("NAME").raw(Roff.escape(root.name()) + " \\- " + Roff.escape(firstLine(root)));
        r.section("SYNOPSIS").raw(Roff.bold(root.name()) + " " + Roff.italic("VERB") + " [" + Roff.italic("OPTIONS") + "]");
        r.section("DESCRIPTION");
        description(r, root);
        r.text("Every verb prints its result on standard output and, on failure, one line "
                + "\"lunbridge: error: ...\" on standard error with a non-zero exit status.");
        r.section("VERBS");
        for (CommandLine sub : verbs(root)) {
            r.tagged(Roff.bold(sub.getCommandName()) + " (see " + Roff.bold(pageName(sub.getCommandSpec())) + "(8))",
                    firstLine(sub.getCommandSpec()));
        }
        options(r, root);
        r.section("ENVIRONMENT");
        r.tagged(Roff.bold("LUNBRIDGE_CONFIG_DIR"), "Configuration directory instead of /etc/lunbridge.");
        r.tagged(Roff.bold("LUNBRIDGE_LOG_LEVEL"), "WARN (default), INFO or DEBUG; log lines go to standard error.");
        r.tagged(Roff.bold("LUNBRIDGE_LOG_FORMAT"), "text, journal or json; overrides the log.format key. "
                + "Under systemd (JOURNAL_STREAM set) the default is journal: no timestamp, the level as a "
                + "syslog priority prefix.");
        r.tagged(Roff.bold("LUNBRIDGE_JAVA_OPTS"), "Extra JVM options, after (and overriding) the defaults of "
                + "/usr/share/lunbridge/jvm.options and -XX:TrimNativeHeapInterval=1000, which the launcher adds "
                + "for verbs that run for long (serve, attach, ...) when the JDK has it (17.0.9 and later).");
        r.tagged(Roff.bold("MALLOC_ARENA_MAX, MALLOC_MMAP_THRESHOLD_, MALLOC_TRIM_THRESHOLD_"), "glibc malloc "
                + "settings; the launcher sets 2, 131072 and 131072 unless they are set (a smaller resident size).");
        files(r);
        seeAlso(r, null);
        return r.toString();
    }

    private String verbPage(CommandSpec spec) {
        Roff r = header(spec);
        r.section("NAME").raw(Roff.escape(pageName(spec)) + " \\- " + Roff.escape(firstLine(spec)));
        r.section("SYNOPSIS");
        synopsis(r, spec);
        for (CommandLine nested : verbs(spec)) {
            synopsis(r.macro("br"), nested.getCommandSpec());
        }
        r.section("DESCRIPTION");
        description(r, spec);
        options(r, spec);
        for (CommandLine nested : verbs(spec)) {
            CommandSpec n = nested.getCommandSpec();
            r.section(n.qualifiedName(" ").toUpperCase(Locale.ROOT));
            description(r, n);
            optionList(r, n);
        }
        files(r);
        seeAlso(r, spec);
        return r.toString();
    }

    private Roff header(CommandSpec spec) {
        return new Roff().macro("TH", pageName(spec).toUpperCase(Locale.ROOT), "8", "", source, MANUAL);
    }

    private static void synopsis(Roff r, CommandSpec spec) {
        StringBuilder s = new StringBuilder(Roff.bold(spec.qualifiedName(" ")));
        for (OptionSpec o : visibleOptions(spec)) {
            s.append(o.required() ? " " : " [").append(Roff.bold(o.longestName()));
            if (o.arity().max() > 0) {
                s.append(' ').append(Roff.italic(o.paramLabel()));
            }
            s.append(o.required() ? "" : "]");
        }
        for (PositionalParamSpec p : spec.positionalParameters()) {
            if (!p.hidden()) {
                s.append(' ').append(Roff.italic(p.paramLabel()));
            }
        }
        if (!spec.subcommands().isEmpty()) {
            s.append(' ').append(Roff.italic("VERB"));
        }
        r.raw(s.toString());
    }

    private static void description(Roff r, CommandSpec spec) {
        for (String line : spec.usageMessage().description()) {
            r.macro("PP").text(line);
        }
    }

    private static void options(Roff r, CommandSpec spec) {
        if (!visibleOptions(spec).isEmpty() || !spec.positionalParameters().isEmpty()) {
            r.section("OPTIONS");
            optionList(r, spec);
        }
    }

    private static void optionList(Roff r, CommandSpec spec) {
        for (PositionalParamSpec p : spec.positionalParameters()) {
            if (!p.hidden()) {
                r.tagged(Roff.italic(p.paramLabel()), descriptionOf(p));
            }
        }
        for (OptionSpec o : visibleOptions(spec)) {
            r.tagged(optionTag(o), descriptionOf(o));
        }
    }

    private static List<OptionSpec> visibleOptions(CommandSpec spec) {
        return spec.options().stream().filter(o -> !o.hidden()).toList();
    }

    private static String optionTag(OptionSpec o) {
        StringBuilder tag = new StringBuilder();
        for (String name : o.names()) {
            tag.append(tag.length() == 0 ? "" : ", ").append(Roff.bold(name));
        }
        if (o.arity().max() > 0) {
            tag.append(' ').append(Roff.italic(o.paramLabel()));
        }
        return tag.toString();
    }

    private static String descriptionOf(ArgSpec a) {
        String d = String.join(" ", a.description());
        return d.isBlank() ? "(no description)" : d;
    }

    private static String firstLine(CommandSpec spec) {
        String[] d = spec.usageMessage().description();
        return d.length == 0 ? spec.name() : d[0].replaceAll("\\.$", "");
    }

    private static void files(Roff r) {
        r.section("FILES");
        r.tagged(Roff.bold("/etc/lunbridge/lunbridge.conf"), "Configuration; see lunbridge.conf(5).");
        r.tagged(Roff.bold("/etc/lunbridge/initiatorname"), "The initiator's iSCSI name, generated once.");
        r.tagged(Roff.bold("/etc/lunbridge/targets"), "AIX-format targets file; see lunbridge.conf(5).");
        r.tagged(Roff.bold("/var/lib/lunbridge/store.db"), "The persistent target store.");
        r.tagged(Roff.bold("/var/cache/lunbridge/lunbridge.jsa"), "Class-data-sharing archive of lunbridge's "
                + "classes for the installed JDK, made by the package (again when a JDK package changes); it "
                + "shortens start-up, and a JVM that cannot use it runs without it.");
    }

    private void seeAlso(Roff r, CommandSpec self) {
        List<String> refs = new ArrayList<>();
        if (self != null) {
            refs.add(Roff.bold(root.name()) + "(8)");
        }
        refs.add(Roff.bold("lunbridge.conf") + "(5)");
        for (CommandLine sub : verbs(root)) {
            if (sub.getCommandSpec() != self) {
                refs.add(Roff.bold(pageName(sub.getCommandSpec())) + "(8)");
            }
        }
        r.section("SEE ALSO").raw(String.join(",\n", refs));
    }
}
