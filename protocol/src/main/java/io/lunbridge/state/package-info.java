/**
 * The one state-machine idiom: a state enum implementing {@link io.lunbridge.state.Transitions}
 * (its table) driven by a {@link io.lunbridge.state.StateMachine} (the one transition method, logged
 * once with its reason, illegal transitions refused). Used by every module; refers to nothing else
 * of lunbridge.
 */
package io.lunbridge.state;
