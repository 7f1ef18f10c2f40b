package io.lunbridge.protocol.testing;

import io.lunbridge.state.StateMachine;
import io.lunbridge.state.Transitions;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.Logger;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Property;

/**
 * The architecture check of the one state-machine idiom (docs/architecture.md, "State machines"),
 * shared through protocol's test-jar so that every module runs it over its own compiled classes:
 * <ul>
 *   <li>no class keeps a machine's state in a mutable field of its own: a non-final instance field
 *       of a state enum (one implementing {@link Transitions}, or any enum named {@code *State},
 *       {@code *Stage} or {@code *Phase} that is not listed as a plain value) is a state machine
 *       outside the idiom;</li>
 *   <li>the machines the module is known to have are all found, and each state enum's table is
 *       driven through a {@link StateMachine}: every transition its table allows moves and logs
 *       exactly once ("NAME: FROM -> TO (REASON)"), every other one is refused with an {@link
 *       IllegalStateException} naming both states and leaves the state as it was.</li>
 * </ul>
 * Class files are listed from the directory or jar that holds an anchor class, as bridge's SeamTest
 * does, and loaded without initialisation.
 */
public final class StateIdiom {
    private StateIdiom() {
    }

    /**
     * Runs both checks over the classes under {@code prefix} (e.g. {@code "io/lunbridge/mpio/"}).
     *
     * @param machines the state enums the module must have (a machine that leaves the idiom fails)
     * @param values enums named like states that are observed values, not machines (allowed in fields)
     * @return what is wrong, one line each; empty when the idiom holds
     */
    public static List<String> violations(Class<?> anchor, String prefix, Set<Class<?>> machines,
            Set<Class<?>> values) throws IOException, URISyntaxException {
        List<String> out = new ArrayList<>();
        Set<String> found = new TreeSet<>();
        for (Class<?> c : classesUnder(anchor, prefix)) {
            for (Field f : c.getDeclaredFields()) {
                Class<?> t = f.getType();
                if (Modifier.isStatic(f.getModifiers()) || Modifier.isFinal(f.getModifiers()) || !t.isEnum()
                        || values.contains(t)) {
                    continue;
                }
                if (Transitions.class.isAssignableFrom(t) || t.getSimpleName().matches(".*(State|Stage|Phase)")) {
                    out.add(c.getName() + "." + f.getName() + " holds a " + t.getName()
                            + " of its own: keep the state in a StateMachine");
                }
            }
            if (c.isEnum() && Transitions.class.isAssignableFrom(c)) {
                found.add(c.getName());
                out.addAll(tableViolations(c));
            }
        }
        for (Class<?> m : machines) {
            if (!found.contains(m.getName())) {
                out.add(m.getName() + " is not a state enum implementing Transitions under " + prefix);
            }
        }
        return out;
    }

    /** Drives every pair of states of {@code type} through a {@link StateMachine}. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public static List<String> tableViolations(Class<?> type) {
        List<String> out = new ArrayList<>();
        Enum[] states = (Enum[]) type.getEnumConstants();
        int legal = 0;
        for (Enum from : states) {
            for (Enum to : states) {
                try (Capture log = new Capture()) {
                    StateMachine m = new StateMachine("m", from, log.logger);
                    boolean allowed = ((Transitions) from).canMoveTo(to);
                    if (allowed) {
                        legal++;
                        m.moveTo(to, "why");
                        String expected = "m: " + from + " -> " + to + " (why)";
                        if (m.state() != to || !log.lines().equals(List.of("INFO " + expected))) {
                            out.add(type.getName() + " " + from + " -> " + to + ": logged " + log.lines()
                                    + ", state " + m.state() + "; expected one INFO '" + expected + "'");
                        }
                    } else {
                        try {
                            m.moveTo(to, "why");
                            out.add(type.getName() + " " + from + " -> " + to + " is not in the table but was not refused");
                        } catch (IllegalStateException e) {
                            String msg = String.valueOf(e.getMessage());
                            if (!msg.contains(from + " -> " + to) || !msg.contains("not allowed") || m.state() != from
                                    || !log.lines().isEmpty()) {
                                out.add(type.getName() + " " + from + " -> " + to + ": refused with '" + msg
                                        + "', state " + m.state() + ", logged " + log.lines());
                            }
                        }
                    }
                }
            }
        }
        if (legal == 0) {
            out.add(type.getName() + " allows no transition at all");
        }
        return out;
    }

    private static List<Class<?>> classesUnder(Class<?> anchor, String prefix) throws IOException, URISyntaxException {
        Path source = Path.of(anchor.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<String> names = new ArrayList<>();
        if (Files.isDirectory(source)) {
            collect(source, prefix, names);
        } else {
            try (FileSystem jar = FileSystems.newFileSystem(source)) {
                collect(jar.getPath("/"), prefix, names);
            }
        }
        List<Class<?>> out = new ArrayList<>();
        for (String n : names) {
            try {
                out.add(Class.forName(n, false, anchor.getClassLoader()));
            } catch (ClassNotFoundException | LinkageError e) {
                throw new IllegalStateException("cannot load " + n + ": " + e, e);
            }
        }
        return out;
    }

    private static void collect(Path root, String prefix, List<String> out) throws IOException {
        Path dir = root.resolve(prefix);
        if (!Files.isDirectory(dir)) {
            throw new IOException("no classes under " + dir);
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.map(p -> root.relativize(p).toString()).filter(n -> n.endsWith(".class")
                    && !n.endsWith("package-info.class") && !n.endsWith("module-info.class")).sorted()
                    .forEach(n -> out.add(n.substring(0, n.length() - ".class".length()).replace('/', '.')));
        }
    }

    /** The lines one private logger receives, "LEVEL message", while it is open. */
    public static final class Capture implements AutoCloseable {
        /** The logger to hand to the code under test. */
        public final Logger logger;
        private final List<String> lines = Collections.synchronizedList(new ArrayList<>());
        private final AbstractAppender appender;

        public Capture() {
            String name = "io.lunbridge.state-idiom-capture-" + System.identityHashCode(this) + "-" + System.nanoTime();
            logger = (Logger) LogManager.getLogger(name);
            appender = new AbstractAppender(name, null, null, true, Property.EMPTY_ARRAY) {
                @Override
                public void append(LogEvent event) {
                    lines.add(event.getLevel() + " " + event.getMessage().getFormattedMessage());
                }
            };
            appender.start();
            logger.addAppender(appender);
            logger.setAdditive(false);
            logger.setLevel(Level.ALL);
        }

        public List<String> lines() {
            synchronized (lines) {
                return List.copyOf(lines);
            }
        }

        @Override
        public void close() {
            logger.removeAppender(appender);
            appender.stop();
        }
    }
}
