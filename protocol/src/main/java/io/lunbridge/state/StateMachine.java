package io.lunbridge.state;

import java.util.Objects;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.Logger;

/**
 * The one state-machine idiom of lunbridge: an enum of states whose {@link Transitions#canMoveTo}
 * is the table, and this holder with the one transition method. {@link #moveTo} checks the table,
 * logs {@code "NAME: FROM -> TO (REASON)"} once (at INFO unless the machine says otherwise) and
 * refuses a transition the table does not allow with an {@link IllegalStateException} naming the
 * machine, both states and the reason. {@link #moveToIfAllowed} is for events that may arrive in
 * any state (a second close, a repeated signal): it moves when the table allows and otherwise
 * leaves the state as it is, saying so at DEBUG.
 *
 * <p>Lives beside the seam types (in the protocol module, outside {@code io.lunbridge.protocol}) so
 * that every module, the bridge too, uses the same one; it refers to nothing else of lunbridge.
 *
 * <p>Not thread safe: the owner drives it from its event loop, or under its own lock; {@link
 * #state} may be read from any thread (advisory).
 *
 * @param <S> the state enum
 */
public final class StateMachine<S extends Enum<S> & Transitions<S>> {
    private final String name;
    private final Logger log;
    private final Level level;
    private volatile S state;

    /** A machine named {@code name} (as its log lines start) in {@code initial}, logging at INFO. */
    public StateMachine(String name, S initial, Logger log) {
        this(name, initial, log, Level.INFO);
    }

    /**
     * A machine logging its transitions at {@code level}: INFO but for machines that exist once per
     * short-lived client connection, which log at DEBUG (per-connection noise is not a state of
     * the process).
     */
    public StateMachine(String name, S initial, Logger log, Level level) {
        this.name = Objects.requireNonNull(name, "name");
        this.state = Objects.requireNonNull(initial, "initial");
        this.log = Objects.requireNonNull(log, "log");
        this.level = Objects.requireNonNull(level, "level");
    }

    /** The current state. */
    public S state() {
        return state;
    }

    /** Whether the current state is {@code s}. */
    public boolean is(S s) {
        return state == s;
    }

    /** Whether the table allows {@code next} from the current state. */
    public boolean canMoveTo(S next) {
        return state.canMoveTo(next);
    }

    /**
     * The transition: moves to {@code next} and logs it once with {@code reason}.
     *
     * @throws IllegalStateException if the table does not allow {@code next} from the current state
     */
    public void moveTo(S next, String reason) {
        if (!state.canMoveTo(next)) {
            throw new IllegalStateException(name + ": " + state + " -> " + next + " is not allowed (" + reason + ")");
        }
        move(next, reason);
    }

    /**
     * Moves to {@code next} when the table allows it; otherwise the state stays (logged at DEBUG).
     *
     * @return whether the state changed
     */
    public boolean moveToIfAllowed(S next, String reason) {
        if (!state.canMoveTo(next)) {
            log.debug("{}: stays {}, not -> {} ({})", name, state, next, reason);
            return false;
        }
        move(next, reason);
        return true;
    }

    private void move(S next, String reason) {
        log.log(level, "{}: {} -> {} ({})", name, state, next, reason);
        state = next;
    }

    @Override
    public String toString() {
        return name + " " + state;
    }
}
