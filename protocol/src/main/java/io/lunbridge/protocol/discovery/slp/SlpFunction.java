package io.lunbridge.protocol.discovery.slp;

import java.util.Optional;

/** SLPv2 function ids (RFC 2608 §8), with the names RFC 2608 uses for them in messages and logs. */
public enum SlpFunction {
    /** Service Request. */
    SRV_RQST(1, "SrvRqst"),
    /** Service Reply. */
    SRV_RPLY(2, "SrvRply"),
    /** Service Registration. */
    SRV_REG(3, "SrvReg"),
    /** Service Deregistration. */
    SRV_DEREG(4, "SrvDeReg"),
    /** Service Acknowledge. */
    SRV_ACK(5, "SrvAck"),
    /** Attribute Request. */
    ATTR_RQST(6, "AttrRqst"),
    /** Attribute Reply. */
    ATTR_RPLY(7, "AttrRply"),
    /** Directory Agent Advertisement. */
    DA_ADVERT(8, "DAAdvert"),
    /** Service Type Request. */
    SRV_TYPE_RQST(9, "SrvTypeRqst"),
    /** Service Type Reply. */
    SRV_TYPE_RPLY(10, "SrvTypeRply"),
    /** Service Agent Advertisement. */
    SA_ADVERT(11, "SAAdvert");

    private final int id;
    private final String rfcName;

    SlpFunction(int id, String rfcName) {
        this.id = id;
        this.rfcName = rfcName;
    }

    /** The function id byte. */
    public int id() {
        return id;
    }

    /** The RFC 2608 name, e.g. {@code SrvRqst}. */
    public String rfcName() {
        return rfcName;
    }

    /** The function with this id, if RFC 2608 defines one. */
    public static Optional<SlpFunction> of(int id) {
        for (SlpFunction f : values()) {
            if (f.id == id) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }
}
