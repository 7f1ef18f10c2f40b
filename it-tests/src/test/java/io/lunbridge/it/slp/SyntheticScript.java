package io.lunbridge.it.slp;

import io.lunbridge.protocol.discovery.slp.AttributeReply;
import io.lunbridge.protocol.discovery.slp.AttributeRequest;
import io.lunbridge.protocol.discovery.slp.IscsiTargetUrl;
import io.lunbridge.protocol.discovery.slp.ServiceRegistration;
import io.lunbridge.protocol.discovery.slp.ServiceReply;
import io.lunbridge.protocol.discovery.slp.ServiceRequest;
import io.lunbridge.protocol.discovery.slp.SlpDecoder;
import io.lunbridge.protocol.discovery.slp.SlpEncoder;
import io.lunbridge.protocol.discovery.slp.SlpFunction;
import io.lunbridge.protocol.discovery.slp.SlpHeader;
import io.lunbridge.protocol.discovery.slp.SlpMessage;
import io.lunbridge.protocol.discovery.slp.SlpPredicate;
import io.lunbridge.protocol.discovery.slp.UrlEntry;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes {@code it-tests/src/test/resources/slp/90-synthetic-replies.hex}: requests and replies
 * that the openslp captures do not hold but a test needs, in the captures' .hex format, encoded by
 * lunbridge's {@code SlpEncoder} (so they are NOT openslp's bytes; the file header says so). Every
 * value comes from the captures: the URLs of 07's TCP SrvRply, the attribute lists the SAs
 * registered in 00, and for the bulk URLs the attributes the captures' README lists.
 * <ul>
 *   <li>[1]-[2]: the DA's SrvRqst/SrvRply for {@code (iscsi-name=iqn.2026-11.test.lunbridge:disk2)};</li>
 *   <li>[3]-[410]: an AttrRqst and AttrRply for each of the 204 URLs of 07, answered by the DA;</li>
 *   <li>[411]-[418]: AttrRqsts and AttrRplys for disk1 and disk2 answered by SA1 and for disk3 and
 *       disk4 answered by SA2 (the SAs of 03, which holds no AttrRqst).</li>
 * </ul>
 * Run: {@code java -cp <it-tests test class path> io.lunbridge.it.slp.SyntheticScript CAPTURES_DIR OUT_FILE}.
 */
final class SyntheticScript {
    private static final String UA = "198.18.4.100";
    private static final String DA = "198.18.4.1";
    private static final String DISK2 = "iqn.2026-11.test.lunbridge:disk2";

    private SyntheticScript() {
    }

    public static void main(String[] args) throws IOException {
        Path captures = Path.of(args[0]);
        Map<String, String> registered = new LinkedHashMap<>();
        for (CaptureScript.Captured c : CaptureScript.parse(captures.resolve("00-registration-sa-to-da.hex"))) {
            if (c.bytes()[0] != SlpHeader.VERSION) {
                continue; // the DA's SLPv1 DAAdverts
            }
            SlpMessage m = decode(c.bytes());
            if (m instanceof ServiceRegistration) {
                ServiceRegistration r = (ServiceRegistration) m;
                registered.put(r.url().url(), r.attributeList());
            }
        }
        List<UrlEntry> urls = null;
        for (CaptureScript.Captured c : CaptureScript.parse(captures.resolve("07-overflow-tcp-204urls.hex"))) {
            SlpMessage m = decode(c.bytes());
            if (c.tcp() && m instanceof ServiceReply) {
                urls = ((ServiceReply) m).urls();
            }
        }
        if (urls == null) {
            throw new IllegalStateException("07-overflow-tcp-204urls.hex: no TCP SrvRply");
        }
        StringBuilder out = new StringBuilder();
        out.append("# 90-synthetic-replies: NOT a capture. Requests and replies the openslp captures lack, encoded by\n")
                .append("# lunbridge's SlpEncoder (it-tests SyntheticScript) from values in the captures: the URLs of\n")
                .append("# 07's TCP SrvRply, the attribute lists registered in 00 (bulk URLs: (iscsi-name=IQN),(portal-group=1),\n")
                .append("# as the captures' README lists). Same format as the captures' .hex files.\n")
                .append("# [1]-[2]: SrvRqst with predicate (iscsi-name=").append(DISK2).append(") and the DA's SrvRply\n")
                .append("# [3]-[410]: AttrRqst (all attributes) and AttrRply for each URL of 07, answered by the DA\n")
                .append("# [411]-[418]: the same for disk1, disk2 answered by SA1 and disk3, disk4 answered by SA2\n\n");
        int n = 1;
        int xid = 0x9000;
        String disk2Url = urls.stream().map(UrlEntry::url).filter(u -> u.endsWith(":disk2")).findFirst().orElseThrow();
        UrlEntry disk2 = urls.stream().filter(u -> u.url().equals(disk2Url)).findFirst().orElseThrow();
        n = write(out, n, UA, DA, SlpEncoder.encode(new ServiceRequest(SlpHeader.of(SlpFunction.SRV_RQST, xid, "en", false),
                List.of(), IscsiTargetUrl.SERVICE_TYPE, List.of("DEFAULT"), SlpPredicate.equalTo("iscsi-name", DISK2), "")));
        n = write(out, n, DA, UA, SlpEncoder.encode(new ServiceReply(SlpHeader.of(SlpFunction.SRV_RPLY, xid, "en", false),
                0, List.of(disk2))));
        for (UrlEntry u : urls) {
            xid++;
            String name = u.url().substring(u.url().lastIndexOf('/') + 1);
            String attrs = registered.getOrDefault(u.url(), "(iscsi-name=" + name + "),(portal-group=1)");
            n = write(out, n, UA, DA, SlpEncoder.encode(new AttributeRequest(
                    SlpHeader.of(SlpFunction.ATTR_RQST, xid, "en", false), List.of(), u.url(), List.of("DEFAULT"),
                    List.of(), "")));
            n = write(out, n, DA, UA, SlpEncoder.encode(new AttributeReply(
                    SlpHeader.of(SlpFunction.ATTR_RPLY, xid, "en", false), 0, attrs, List.of())));
        }
        for (Map.Entry<String, String> reg : registered.entrySet()) {
            String url = reg.getKey();
            if (!url.startsWith(IscsiTargetUrl.SERVICE_TYPE + "://")) {
                continue;
            }
            String sa = url.contains("//198.18.4.11:") ? "198.18.4.11" : "198.18.4.12";
            xid++;
            n = write(out, n, UA, sa, SlpEncoder.encode(new AttributeRequest(
                    SlpHeader.of(SlpFunction.ATTR_RQST, xid, "en", false), List.of(), url, List.of("DEFAULT"),
                    List.of(), "")));
            n = write(out, n, sa, UA, SlpEncoder.encode(new AttributeReply(
                    SlpHeader.of(SlpFunction.ATTR_RPLY, xid, "en", false), 0, reg.getValue(), List.of())));
        }
        Files.writeString(Path.of(args[1]), out, StandardCharsets.UTF_8);
    }

    private static int write(StringBuilder out, int n, String from, String to, byte[] message) {
        SlpMessage m = decode(message);
        out.append("# [").append(n).append("] synthetic  ").append(from.equals(UA) ? "UA -> " + to : from + " -> UA")
                .append('\n')
                .append("# ").append(from).append(':').append(from.equals(UA) ? 40000 : 427).append(" -> ").append(to)
                .append(':').append(to.equals(UA) ? 40000 : 427).append("  UDP unicast  ").append(message.length)
                .append(" bytes\n")
                .append("# hdr: fn=").append(m.header().function().rfcName()).append(" xid=").append(m.header().xid())
                .append('\n')
                .append("# body: ").append(m.getClass().getSimpleName()).append('\n')
                .append(HexFormat.of().formatHex(message)).append("\n\n");
        return n + 1;
    }

    private static SlpMessage decode(byte[] bytes) {
        return SlpDecoder.decode(Unpooled.wrappedBuffer(bytes));
    }
}
