package io.lunbridge.bridge.nbd.options;

/**
 * One option sent by the client during haggling: its code and its data (copied out of the receive
 * buffer; options are small and rare).
 */
public record OptionRequest(int option, byte[] data) {
    @Override
    public String toString() {
        return "OptionRequest[option=" + option + ", length=" + data.length + "]";
    }
}
