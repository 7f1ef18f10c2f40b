package io.lunbridge.it.harness;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * An external command line plus extra environment, where some arguments may be secrets.
 *
 * <p>Why: harness error messages quote the command line, but CHAP secrets must never appear in
 * logs or exceptions. Arguments added with {@link #secret(String)} are passed to the process
 * unchanged and rendered as {@code ***} by {@link #display()} and {@link #toString()}.
 * Instances are immutable; every builder method returns a new command.
 */
public final class Command {

    private static final String REDACTED = "***";

    private final List<String> args;
    private final Set<Integer> secretIndexes;
    private final Map<String, String> environment;
    private final Set<String> secretEnvironment;

    private Command(List<String> args, Set<Integer> secretIndexes, Map<String, String> environment,
                    Set<String> secretEnvironment) {
        this.args = List.copyOf(args);
        this.secretIndexes = Set.copyOf(secretIndexes);
        this.environment = Collections.unmodifiableMap(new LinkedHashMap<>(environment));
        this.secretEnvironment = Set.copyOf(secretEnvironment);
    }

    /** A command made of plain (non-secret) arguments; the first one is the program. */
    public static Command of(String... args) {
        if (args.length == 0) {
            throw new IllegalArgumentException("command: at least the program name is required");
        }
        List<String> list = new ArrayList<>();
        for (String arg : args) {
            list.add(Objects.requireNonNull(arg, "command argument"));
        }
        return new Command(list, Set.of(), Map.of(), Set.of());
    }

    /** This command followed by plain arguments. */
    public Command args(String... more) {
        List<String> list = new ArrayList<>(args);
        for (String arg : more) {
            list.add(Objects.requireNonNull(arg, "command argument"));
        }
        return new Command(list, secretIndexes, environment, secretEnvironment);
    }

    /** This command followed by one argument that is never displayed. */
    public Command secret(String value) {
        List<String> list = new ArrayList<>(args);
        list.add(Objects.requireNonNull(value, "secret argument"));
        Set<Integer> secrets = new HashSet<>(secretIndexes);
        secrets.add(list.size() - 1);
        return new Command(list, secrets, environment, secretEnvironment);
    }

    /** This command with an extra environment variable for the child process. */
    public Command env(String name, String value) {
        Map<String, String> env = new LinkedHashMap<>(environment);
        env.put(Objects.requireNonNull(name, "env name"), Objects.requireNonNull(value, "env value"));
        return new Command(args, secretIndexes, env, secretEnvironment);
    }

    /** This command with an extra environment variable whose value is never displayed. */
    public Command secretEnv(String name, String value) {
        Command withVar = env(name, value);
        Set<String> secrets = new HashSet<>(secretEnvironment);
        secrets.add(name);
        return new Command(withVar.args, withVar.secretIndexes, withVar.environment, secrets);
    }

    /** This command run inside network namespace {@code namespace} via {@code ip netns exec}. */
    public Command inNamespace(String namespace) {
        List<String> list = new ArrayList<>(List.of("ip", "netns", "exec", namespace));
        list.addAll(args);
        Set<Integer> secrets = new HashSet<>();
        for (int index : secretIndexes) {
            secrets.add(index + 4);
        }
        return new Command(list, secrets, environment, secretEnvironment);
    }

    /** The real argument vector (contains secrets: never log it). */
    public List<String> argv() {
        return args;
    }

    /** Extra environment variables for the child process. */
    public Map<String, String> environment() {
        return environment;
    }

    /** The command line with secrets replaced by {@code ***}, safe for messages and logs. */
    public String display() {
        StringBuilder sb = new StringBuilder();
        environment.forEach((k, v) -> sb.append(k).append('=')
                .append(secretEnvironment.contains(k) ? REDACTED : v).append(' '));
        for (int i = 0; i < args.size(); i++) {
            if (i > 0) {
                sb.append(' ');
            }
            String arg = secretIndexes.contains(i) ? REDACTED : args.get(i);
            sb.append(arg.isEmpty() || arg.contains(" ") ? "'" + arg + "'" : arg);
        }
        return sb.toString();
    }

    /** Redacts every secret of this command wherever it occurs in {@code text} (e.g. stderr). */
    public String redact(String text) {
        List<String> secrets = new ArrayList<>();
        secretIndexes.forEach(index -> secrets.add(args.get(index)));
        secretEnvironment.forEach(name -> secrets.add(environment.get(name)));
        String result = text;
        for (String secret : secrets) {
            if (!secret.isEmpty()) {
                result = result.replace(secret, REDACTED);
            }
        }
        return result;
    }

    @Override
    public String toString() {
        return display();
    }
}
