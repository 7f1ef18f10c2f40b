package io.lunbridge.app.fsck;

/** Asks the operator before a repair: on a terminal only, y/N with N the default. */
@FunctionalInterface
public interface Confirmation {
    /** An answer. */
    enum Answer {
        YES, NO,
        /** stdin is not a terminal: nobody to ask. */
        NO_TERMINAL,
        /** The input ended (Ctrl-D) before an answer. */
        CANCELLED
    }

    /** Never asks: stdin is not a terminal. */
    Confirmation NONE = question -> Answer.NO_TERMINAL;

    Answer ask(String question);

    /** The process' console when stdin and stdout are a terminal, else {@link #NONE}. */
    static Confirmation console() {
        java.io.Console c = System.console();
        if (c == null) {
            return NONE;
        }
        return question -> {
            String line = c.readLine("%s", question);
            if (line == null) {
                return Answer.CANCELLED;
            }
            String a = line.trim().toLowerCase(java.util.Locale.ROOT);
            return a.equals("y") || a.equals("yes") ? Answer.YES : Answer.NO;
        };
    }
}
