package io.lunbridge.protocol.session;

/** The Logout Request waiting for its Logout Response. */
final class LogoutTask extends Task {
}
