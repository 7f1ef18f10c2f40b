package io.lunbridge.bridge.nbd;

import io.lunbridge.wire.MalformedInputException;

/**
 * Bytes from an NBD client that break the protocol's framing (proto.md): a wrong magic, client
 * flags the server did not offer, a length no valid message needs. The stream cannot be trusted
 * after it, so the decoder that found it discards the rest and the connection ends (after the
 * requests in flight, in the transmission phase). The message names the field, its offset in the
 * message and the bad value; it is logged once with the client's address.
 */
public final class NbdFormatException extends MalformedInputException {
    private static final long serialVersionUID = 1L;

    /**
     * @param field the field as proto.md names it, e.g. "option magic"
     * @param offset its byte offset from the start of the message (option, request, client flags)
     * @param problem the bad value and what was expected
     */
    public NbdFormatException(String field, int offset, String problem) {
        super(field, offset, describe(field, offset, problem));
    }
}
