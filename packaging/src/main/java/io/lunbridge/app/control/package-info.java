/**
 * The control socket of a running lunbridge process: a Unix stream socket (0600, in a 0700
 * directory, and only peers running as root or as the server's own user are answered) that takes
 * one request line and answers with zero or more data lines and one final status line, then closes.
 *
 * <pre>
 * request  = verb *( SP argument ) LF          e.g. "detach", "detach force", "status", "login IQN"
 * reply    = *( "data" SP text LF ) status SP text LF
 * status   = "ok" / "refused" / "error"
 * </pre>
 *
 * Text is UTF-8 without control characters; a request line longer than 4096 bytes, or one that does
 * not arrive within 5 s, is answered with "error". {@code refused} means the request was understood
 * and declined (e.g. a detach while the device is mounted), {@code error} that it could not be
 * carried out. The verbs are whatever the serving process registers ({@link ControlServer}); the
 * daemon's ({@code login}, {@code attach}, {@code logout}, {@code detach} with the target name) are
 * in {@code io.lunbridge.app.daemon.DaemonVerbs}. A client tells "nothing listens" apart
 * ({@link ControlClient.NotListening}), so the CLI can fall back to its foreground behaviour.
 */
package io.lunbridge.app.control;
