package io.lunbridge.protocol.discovery.isns;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * Turns the operating attributes of a DevAttrQryRsp for target nodes into {@link IsnsTarget}s.
 *
 * <p>The server lists objects entity by entity: storage nodes (iSCSI Name, Node Type, Alias),
 * portals (Portal IP, Portal Port) and portal groups (PG iSCSI Name, PG Portal IP/Port, PG Tag).
 * A target's portals are those of its Portal Group objects; a PG with a NULL tag (empty value)
 * means the portal must not be used for that node (RFC 4171 §3.4) and is dropped. A target with
 * no Portal Group at all gets the portals listed in its entity, without a tag. Nodes whose type
 * does not include Target are left out.
 */
public final class IsnsTargetParser {
    private IsnsTargetParser() {
    }

    private static final class NodeBuilder {
        final String name;
        String alias = "";
        long type = IsnsMessages.NODE_TYPE_TARGET;
        final List<IsnsPortal> entityPortals = new ArrayList<>();
        final List<IsnsPortal> groupPortals = new ArrayList<>();
        boolean hasGroups;

        NodeBuilder(String name) {
            this.name = name;
        }
    }

    /**
     * Parses the attributes.
     *
     * @throws IsnsFormatException if an attribute that needs a preceding object (alias, portal
     *     port, PG tag) comes without one, a name is empty, a port is 0, or a value has the wrong size
     */
    public static List<IsnsTarget> parse(List<IsnsAttribute> operating) {
        Map<String, NodeBuilder> nodes = new LinkedHashMap<>();
        List<NodeBuilder> block = new ArrayList<>();
        boolean blockHasPortals = false;
        NodeBuilder current = null;
        String portalHost = null;
        String pgName = null;
        String pgHost = null;
        int pgPort = -1;
        for (int i = 0; i < operating.size(); i++) {
            IsnsAttribute a = operating.get(i);
            IsnsTag tag = IsnsTag.of(a.tag());
            if (tag == null || a.isEmpty() && tag != IsnsTag.PG_TAG) {
                continue;
            }
            switch (tag) {
                case ISCSI_NAME:
                    if (blockHasPortals) {
                        block = new ArrayList<>();
                        blockHasPortals = false;
                    }
                    current = nodes.computeIfAbsent(name(a, i), NodeBuilder::new);
                    block.add(current);
                    break;
                case ISCSI_ALIAS:
                    require(current, a, i).alias = a.asString();
                    break;
                case ISCSI_NODE_TYPE:
                    require(current, a, i).type = a.asUint32();
                    break;
                case PORTAL_IP_ADDRESS:
                    portalHost = a.asAddress().getHostAddress();
                    break;
                case PORTAL_PORT:
                    if (portalHost == null) {
                        throw misplaced(a, i, "Portal IP Address");
                    }
                    for (NodeBuilder n : block) {
                        n.entityPortals.add(new IsnsPortal(portalHost, port(a, i), OptionalInt.empty()));
                    }
                    blockHasPortals = true;
                    portalHost = null;
                    break;
                case PG_ISCSI_NAME:
                    pgName = name(a, i);
                    pgHost = null;
                    pgPort = -1;
                    break;
                case PG_PORTAL_IP_ADDRESS:
                    pgHost = a.asAddress().getHostAddress();
                    break;
                case PG_PORTAL_PORT:
                    pgPort = port(a, i);
                    break;
                case PG_TAG:
                    if (pgName == null || pgHost == null || pgPort < 0) {
                        throw misplaced(a, i, "PG iSCSI Name, PG Portal IP Addr and PG Portal TCP/UDP Port");
                    }
                    NodeBuilder owner = nodes.computeIfAbsent(pgName, NodeBuilder::new);
                    owner.hasGroups = true;
                    if (!a.isEmpty()) {
                        owner.groupPortals.add(new IsnsPortal(pgHost, pgPort, OptionalInt.of((int) a.asUint32())));
                    }
                    pgName = null;
                    break;
                default:
                    break;
            }
        }
        List<IsnsTarget> targets = new ArrayList<>();
        for (NodeBuilder n : nodes.values()) {
            if ((n.type & IsnsMessages.NODE_TYPE_TARGET) != 0) {
                targets.add(new IsnsTarget(n.name, n.alias, n.hasGroups ? n.groupPortals : n.entityPortals));
            }
        }
        return targets;
    }

    /** A node name attribute's value; an empty one (only NUL bytes) is a format error. */
    private static String name(IsnsAttribute a, int index) {
        String name = a.asString();
        if (name.isEmpty()) {
            throw new IsnsFormatException("operating attribute #" + index + " " + IsnsTag.describe(a.tag()),
                    "empty name (only NUL bytes)");
        }
        return name;
    }

    /** A portal port attribute's TCP/UDP port; port 0 (no port at all) is a format error. */
    private static int port(IsnsAttribute a, int index) {
        int port = a.asPort();
        if (port == 0) {
            throw new IsnsFormatException("operating attribute #" + index + " " + IsnsTag.describe(a.tag()),
                    "port 0 (a portal port is 1..65535)");
        }
        return port;
    }

    private static NodeBuilder require(NodeBuilder current, IsnsAttribute a, int index) {
        if (current == null) {
            throw misplaced(a, index, "iSCSI Name");
        }
        return current;
    }

    private static IsnsFormatException misplaced(IsnsAttribute a, int index, String expected) {
        return new IsnsFormatException("operating attribute #" + index + " " + IsnsTag.describe(a.tag()),
                "not preceded by " + expected);
    }
}
