package io.lunbridge.protocol.discovery.slp;

import io.lunbridge.protocol.naming.InvalidIscsiNameException;
import io.lunbridge.protocol.naming.IscsiName;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Collectors;

/**
 * Typed view of the attributes of a {@code service:iscsi:target} registration (RFC 4018 template
 * {@code iscsi:target}): iscsi-name, portal-group, transports (default tcp), mgmt-entity, alias,
 * auth-name, auth-addr, auth-cred and boot-list. Accessors throw {@link SlpFormatException} naming
 * the attribute when a value does not have the template's type or arity.
 *
 * @param attributes the parsed list
 */
public record IscsiTargetAttributes(SlpAttributes attributes) {

    /** Requires the list. */
    public IscsiTargetAttributes {
        Objects.requireNonNull(attributes, "attributes");
    }

    /** Parses an attribute list as iSCSI target attributes. */
    public static IscsiTargetAttributes parse(String attributeList) {
        return new IscsiTargetAttributes(SlpAttributes.parse(attributeList));
    }

    /** The target's iSCSI name. */
    public Optional<IscsiName> iscsiName() {
        return single("iscsi-name").map(v -> name("iscsi-name", v.asString()));
    }

    /** The target portal group tag. */
    public OptionalInt portalGroup() {
        Optional<SlpAttributeValue> v = single("portal-group");
        if (v.isEmpty()) {
            return OptionalInt.empty();
        }
        try {
            return OptionalInt.of(v.get().asInteger());
        } catch (SlpFormatException e) {
            throw new SlpFormatException("portal-group", SlpFormatException.UNKNOWN_OFFSET, "attribute portal-group: " + e.getMessage());
        }
    }

    /** Transport protocols; {@code tcp} when the attribute is absent. */
    public List<String> transports() {
        List<String> t = strings("transports");
        return t.isEmpty() ? List.of("tcp") : t;
    }

    /** The management entity URL, if any. */
    public Optional<String> mgmtEntity() {
        return single("mgmt-entity").map(SlpAttributeValue::asString);
    }

    /** The target alias, if any. */
    public Optional<String> alias() {
        return single("alias").map(SlpAttributeValue::asString);
    }

    /** Initiator names allowed to log in, or {@code any}; empty when not restricted. */
    public List<String> authNames() {
        return strings("auth-name");
    }

    /** Initiator addresses allowed to log in. */
    public List<String> authAddresses() {
        return strings("auth-addr");
    }

    /** Credentials the target accepts. */
    public List<AuthCredential> authCredentials() {
        return strings("auth-cred").stream().map(AuthCredential::parse).collect(Collectors.toList());
    }

    /** Initiators that may boot from this target. */
    public List<IscsiName> bootList() {
        return strings("boot-list").stream().map(s -> name("boot-list", s)).collect(Collectors.toList());
    }

    /** True when {@code auth-name} is absent, holds {@code any}, or holds this initiator's name. */
    public boolean admits(IscsiName initiator) {
        List<String> names = authNames();
        return names.isEmpty() || names.stream().anyMatch(n -> n.equalsIgnoreCase("any")
                || n.equalsIgnoreCase(initiator.value()));
    }

    private Optional<SlpAttributeValue> single(String tag) {
        Optional<SlpAttribute> a = attributes.get(tag);
        if (a.isEmpty()) {
            return Optional.empty();
        }
        if (a.get().values().size() != 1) {
            throw new SlpFormatException(tag, SlpFormatException.UNKNOWN_OFFSET, "attribute " + tag + ": expected one value, found "
                    + a.get().values().size());
        }
        return Optional.of(a.get().values().get(0));
    }

    private List<String> strings(String tag) {
        return attributes.get(tag).map(a -> a.values().stream().map(SlpAttributeValue::asString)
                .collect(Collectors.toList())).orElse(List.of());
    }

    private static IscsiName name(String tag, String text) {
        try {
            return IscsiName.parse(text);
        } catch (InvalidIscsiNameException e) {
            throw new SlpFormatException(tag, SlpFormatException.UNKNOWN_OFFSET, "attribute " + tag + ": " + e.getMessage());
        }
    }
}
