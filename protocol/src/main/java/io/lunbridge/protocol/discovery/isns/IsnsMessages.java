package io.lunbridge.protocol.discovery.isns;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds the requests an initiator sends (DevAttrReg, DevAttrQry, DevDereg, SCNReg, SCNDereg) and
 * the responses it gives to server-initiated messages (SCNRsp, ESIRsp), per RFC 4171 §5.6–5.7.
 */
public final class IsnsMessages {
    /** Entity Protocol value for iSCSI. */
    public static final int ENTITY_PROTOCOL_ISCSI = 2;
    /** iSCSI Node Type bits. */
    public static final int NODE_TYPE_TARGET = 0x1;
    public static final int NODE_TYPE_INITIATOR = 0x2;
    public static final int NODE_TYPE_CONTROL = 0x4;
    /** iSCSI SCN bitmap bits (RFC 4171 §6.4.4). */
    public static final int SCN_DD_MEMBER_ADDED = 0x01;
    public static final int SCN_DD_MEMBER_REMOVED = 0x02;
    public static final int SCN_OBJECT_UPDATED = 0x04;
    public static final int SCN_OBJECT_ADDED = 0x08;
    public static final int SCN_OBJECT_REMOVED = 0x10;
    public static final int SCN_MANAGEMENT = 0x20;
    public static final int SCN_TARGET_AND_SELF_ONLY = 0x40;
    public static final int SCN_INITIATOR_AND_SELF_ONLY = 0x80;
    /** What an initiator wants to hear about: targets (and itself) added, removed, changed, DD changes. */
    public static final int INITIATOR_SCN_BITMAP = SCN_DD_MEMBER_ADDED | SCN_DD_MEMBER_REMOVED | SCN_OBJECT_UPDATED
            | SCN_OBJECT_ADDED | SCN_OBJECT_REMOVED | SCN_TARGET_AND_SELF_ONLY;

    private IsnsMessages() {
    }

    private static IsnsAttribute source(IsnsNode node) {
        return IsnsAttribute.ofString(IsnsTag.ISCSI_NAME, node.iscsiName());
    }

    private static IsnsAttribute entity(IsnsNode node) {
        return IsnsAttribute.ofString(IsnsTag.ENTITY_IDENTIFIER, node.entityId());
    }

    /**
     * Registers the entity, one portal (where the server reaches us for SCN and ESI) and the
     * initiator node. With {@code replace}, a stale registration of the same entity (e.g. from a
     * previous run) is replaced instead of merged.
     *
     * @param esiIntervalSeconds 0 to not ask for ESI
     */
    public static IsnsRequest devAttrReg(IsnsNode node, InetAddress portalAddress, int listenPort,
                                         long esiIntervalSeconds, boolean replace) {
        List<IsnsAttribute> op = new ArrayList<>();
        op.add(entity(node));
        op.add(IsnsAttribute.ofUint32(IsnsTag.ENTITY_PROTOCOL, ENTITY_PROTOCOL_ISCSI));
        if (node.registrationPeriodSeconds() > 0) {
            op.add(IsnsAttribute.ofUint32(IsnsTag.REGISTRATION_PERIOD, node.registrationPeriodSeconds()));
        }
        op.add(IsnsAttribute.ofAddress(IsnsTag.PORTAL_IP_ADDRESS, portalAddress));
        op.add(IsnsAttribute.ofPort(IsnsTag.PORTAL_PORT, listenPort, false));
        op.add(IsnsAttribute.ofPort(IsnsTag.SCN_PORT, listenPort, false));
        if (esiIntervalSeconds > 0) {
            op.add(IsnsAttribute.ofUint32(IsnsTag.ESI_INTERVAL, esiIntervalSeconds));
            op.add(IsnsAttribute.ofPort(IsnsTag.ESI_PORT, listenPort, false));
        }
        op.add(IsnsAttribute.ofString(IsnsTag.ISCSI_NAME, node.iscsiName()));
        op.add(IsnsAttribute.ofUint32(IsnsTag.ISCSI_NODE_TYPE, NODE_TYPE_INITIATOR));
        if (!node.alias().isEmpty()) {
            op.add(IsnsAttribute.ofString(IsnsTag.ISCSI_ALIAS, node.alias()));
        }
        return new IsnsRequest(IsnsFunction.DEV_ATTR_REG, replace ? IsnsPdu.FLAG_REPLACE : 0, source(node),
                List.of(entity(node)), op);
    }

    /** Refreshes the entity's registration: an update that restates the registration period. */
    public static IsnsRequest refresh(IsnsNode node, long periodSeconds) {
        return new IsnsRequest(IsnsFunction.DEV_ATTR_REG, 0, source(node), List.of(entity(node)),
                List.of(entity(node), IsnsAttribute.ofUint32(IsnsTag.REGISTRATION_PERIOD, periodSeconds)));
    }

    /**
     * Asks for every target node visible to the initiator (the server applies discovery domains
     * to the Source), with alias, portals and portal groups.
     */
    public static IsnsRequest queryTargets(IsnsNode node) {
        return new IsnsRequest(IsnsFunction.DEV_ATTR_QRY, 0, source(node),
                List.of(IsnsAttribute.ofUint32(IsnsTag.ISCSI_NODE_TYPE, NODE_TYPE_TARGET)),
                List.of(IsnsAttribute.empty(IsnsTag.ISCSI_NAME), IsnsAttribute.empty(IsnsTag.ISCSI_NODE_TYPE),
                        IsnsAttribute.empty(IsnsTag.ISCSI_ALIAS), IsnsAttribute.empty(IsnsTag.PORTAL_IP_ADDRESS),
                        IsnsAttribute.empty(IsnsTag.PORTAL_PORT), IsnsAttribute.empty(IsnsTag.PG_ISCSI_NAME),
                        IsnsAttribute.empty(IsnsTag.PG_PORTAL_IP_ADDRESS), IsnsAttribute.empty(IsnsTag.PG_PORTAL_PORT),
                        IsnsAttribute.empty(IsnsTag.PG_TAG)));
    }

    /**
     * Removes the entity and everything registered under it. DevDereg has no message key: the
     * objects to remove are the operating attributes (RFC 4171 §5.6.5.4).
     */
    public static IsnsRequest devDereg(IsnsNode node) {
        return new IsnsRequest(IsnsFunction.DEV_DEREG, 0, source(node), List.of(), List.of(entity(node)));
    }

    /** Registers the initiator node for state change notifications with the given bitmap. */
    public static IsnsRequest scnReg(IsnsNode node, int bitmap) {
        return new IsnsRequest(IsnsFunction.SCN_REG, 0, source(node),
                List.of(IsnsAttribute.ofString(IsnsTag.ISCSI_NAME, node.iscsiName())),
                List.of(IsnsAttribute.ofUint32(IsnsTag.ISCSI_SCN_BITMAP, bitmap)));
    }

    /** Cancels the node's SCN registration. */
    public static IsnsRequest scnDereg(IsnsNode node) {
        return new IsnsRequest(IsnsFunction.SCN_DEREG, 0, source(node),
                List.of(IsnsAttribute.ofString(IsnsTag.ISCSI_NAME, node.iscsiName())), List.of());
    }

    /**
     * The SCNRsp for a received SCN: status 0 and the SCN's destination attribute (RFC 4171
     * §5.7.5.8), which is the first iSCSI Name attribute of the SCN.
     *
     * @throws IsnsFormatException if the SCN has no iSCSI Name attribute
     */
    public static IsnsMessage scnResponse(IsnsMessage scn) {
        List<IsnsAttribute> attrs = IsnsAttributeCodec.decode(scn.payload(), 0);
        for (IsnsAttribute a : attrs) {
            if (a.tag() == IsnsTag.ISCSI_NAME.code()) {
                return new IsnsResponse(IsnsFunction.SCN, IsnsStatus.SUCCESSFUL.code(), List.of(a), List.of())
                        .toMessage(scn.transactionId(), IsnsPdu.FLAG_CLIENT);
            }
        }
        throw new IsnsFormatException("SCN destination attribute", 12, "SCN xid " + scn.transactionId()
                + " has no iSCSI Name attribute");
    }

    /**
     * The ESIRsp for a received ESI: status 0 followed by the ESI's own attributes (RFC 4171
     * §5.7.5.13: entity identifier, portal address and port).
     */
    public static IsnsMessage esiResponse(IsnsMessage esi) {
        List<IsnsAttribute> attrs = new ArrayList<>(IsnsAttributeCodec.decode(esi.payload(), 0));
        attrs.removeIf(a -> a.tag() == IsnsTag.DELIMITER.code());
        return new IsnsResponse(IsnsFunction.ESI, IsnsStatus.SUCCESSFUL.code(), attrs, List.of())
                .toMessage(esi.transactionId(), IsnsPdu.FLAG_CLIENT);
    }

    /** The registration period (seconds) granted in a DevAttrRegRsp, or 0 if it names none. */
    public static long grantedRegistrationPeriod(IsnsResponse response) {
        for (IsnsAttribute a : response.operating()) {
            if (a.tag() == IsnsTag.REGISTRATION_PERIOD.code() && !a.isEmpty()) {
                return a.asUint32();
            }
        }
        return 0;
    }
}
