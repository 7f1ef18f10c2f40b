package io.lunbridge.bridge.nbd.transmission;

/**
 * Why a request is refused without reaching the device: the error sent to the client and a message
 * naming the offending field and its value (also the text of a structured error chunk).
 */
public record Rejection(NbdErrno errno, String message) {
}
