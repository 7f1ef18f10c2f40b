package io.lunbridge.state;

/**
 * The transition table of a state enum: each state says which states may follow it. Implemented
 * by every state enum that a {@link StateMachine} drives, so the table lives beside the states.
 *
 * @param <S> the enum itself
 */
public interface Transitions<S extends Enum<S>> {
    /** Whether {@code next} may follow this state. */
    boolean canMoveTo(S next);
}
