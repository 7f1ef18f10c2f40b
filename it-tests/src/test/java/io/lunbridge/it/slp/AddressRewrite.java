package io.lunbridge.it.slp;

import io.lunbridge.protocol.discovery.slp.AttributeReply;
import io.lunbridge.protocol.discovery.slp.DirectoryAgentAdvert;
import io.lunbridge.protocol.discovery.slp.ServiceReply;
import io.lunbridge.protocol.discovery.slp.SlpDecoder;
import io.lunbridge.protocol.discovery.slp.SlpEncoder;
import io.lunbridge.protocol.discovery.slp.SlpFormatException;
import io.lunbridge.protocol.discovery.slp.SlpHeader;
import io.lunbridge.protocol.discovery.slp.SlpMessage;
import io.lunbridge.protocol.discovery.slp.UrlEntry;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The only changes the replaying responder makes to captured replies:
 * <ol>
 *   <li>the XID becomes the request's (bytes 10-11), so the UA can match the reply;</li>
 *   <li>capture addresses (198.18.4.x) in URLs (SrvRply URL entries, the DAAdvert's DA URL) and in
 *       attribute lists become the test's namespace addresses, per the map. That changes string
 *       lengths, so such a reply is decoded and encoded again; this is done only when encoding the
 *       unchanged decoded message gives back the captured bytes exactly, so nothing else can move.</li>
 * </ol>
 * Replies that cannot be re-encoded byte for byte keep their captured bytes and get only the XID:
 * openslp's error replies with stale bytes after the error code (06) and the truncated 1400-byte
 * overflow datagram of 07b (whose URL list breaks off; the UA never reads it).
 */
final class AddressRewrite {
    private static final Pattern QUAD = Pattern.compile("(?<![0-9.])\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}(?![0-9])");

    private final Map<String, String> forward;

    /** {@code forward}: capture address → test address. */
    AddressRewrite(Map<String, String> forward) {
        this.forward = Map.copyOf(forward);
    }

    String toTest(String text) {
        return replace(text, forward);
    }

    /** How a reply was produced, for the responder's log. */
    enum Mode { REENCODED, XID_ONLY }

    /** A rewritten reply and how it was rewritten. */
    record Result(byte[] bytes, Mode mode) {
    }

    /** The captured {@code reply} with {@code xid} and test addresses (see the class comment). */
    Result rewrite(byte[] reply, int xid) {
        SlpMessage m;
        try {
            m = SlpDecoder.decode(Unpooled.wrappedBuffer(reply));
        } catch (SlpFormatException e) {
            return new Result(withXid(reply, xid), Mode.XID_ONLY);
        }
        if (!Arrays.equals(SlpEncoder.encode(m), reply)) {
            return new Result(withXid(reply, xid), Mode.XID_ONLY);
        }
        SlpHeader h = m.header();
        SlpHeader nh = new SlpHeader(h.function(), 0, h.overflow(), h.fresh(), h.requestMulticast(),
                h.nextExtensionOffset(), xid, h.languageTag());
        SlpMessage out;
        if (m instanceof ServiceReply) {
            ServiceReply r = (ServiceReply) m;
            List<UrlEntry> urls = new ArrayList<>();
            r.urls().forEach(u -> urls.add(new UrlEntry(u.lifetime(), toTest(u.url()), u.auths())));
            out = new ServiceReply(nh, r.errorCode(), urls);
        } else if (m instanceof DirectoryAgentAdvert) {
            DirectoryAgentAdvert a = (DirectoryAgentAdvert) m;
            out = new DirectoryAgentAdvert(nh, a.errorCode(), a.bootTimestamp(), toTest(a.url()), a.scopes(),
                    toTest(a.attributeList()), a.spis(), a.auths());
        } else if (m instanceof AttributeReply) {
            AttributeReply a = (AttributeReply) m;
            out = new AttributeReply(nh, a.errorCode(), toTest(a.attributeList()), a.auths());
        } else {
            return new Result(withXid(reply, xid), Mode.XID_ONLY);
        }
        return new Result(SlpEncoder.encode(out), Mode.REENCODED);
    }

    private static byte[] withXid(byte[] message, int xid) {
        byte[] copy = message.clone();
        copy[10] = (byte) (xid >>> 8);
        copy[11] = (byte) xid;
        return copy;
    }

    private static String replace(String text, Map<String, String> map) {
        Matcher m = QUAD.matcher(text);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(sb, Matcher.quoteReplacement(map.getOrDefault(m.group(), m.group())));
        }
        m.appendTail(sb);
        return sb.toString();
    }
}
