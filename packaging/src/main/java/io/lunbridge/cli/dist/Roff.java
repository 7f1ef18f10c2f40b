package io.lunbridge.cli.dist;

/**
 * Builds roff (man(7) macros) text. Written here rather than converting picocli-codegen's AsciiDoc:
 * that needs asciidoctor (Ruby, or AsciidoctorJ with JRuby, tens of MiB) at build time only to turn
 * a handful of sections into a few macros, which this class does directly from the model.
 */
final class Roff {
    private final StringBuilder b = new StringBuilder();

    /** Text escaped for roff: backslashes, hyphens (so they stay ASCII), and leading control characters. */
    static String escape(String text) {
        String s = text.replace("\\", "\\e").replace("-", "\\-");
        StringBuilder out = new StringBuilder();
        for (String line : s.split("\n", -1)) {
            if (out.length() > 0) {
                out.append('\n');
            }
            out.append(line.startsWith(".") || line.startsWith("'") ? "\\&" + line : line);
        }
        return out.toString();
    }

    static String bold(String text) {
        return "\\fB" + escape(text) + "\\fR";
    }

    static String italic(String text) {
        return "\\fI" + escape(text) + "\\fR";
    }

    Roff macro(String name, String... args) {
        b.append('.').append(name);
        for (String a : args) {
            b.append(' ').append(a.contains(" ") || a.isEmpty() ? "\"" + a + "\"" : a);
        }
        b.append('\n');
        return this;
    }

    /** One line of already-escaped roff. */
    Roff raw(String roff) {
        b.append(roff).append('\n');
        return this;
    }

    /** A paragraph of plain text, escaped. */
    Roff text(String text) {
        return raw(escape(text));
    }

    Roff section(String title) {
        return macro("SH", title);
    }

    /** A tagged paragraph: the tag line (escaped roff) and the body (plain text). */
    Roff tagged(String tagRoff, String body) {
        macro("TP");
        raw(tagRoff);
        return text(body);
    }

    /** Lines printed as they are (no filling), e.g. a file example. */
    Roff example(String lines) {
        macro("PP").macro("nf").macro("RS", "4");
        text(lines);
        return macro("RE").macro("fi");
    }

    @Override
    public String toString() {
        return b.toString();
    }
}
