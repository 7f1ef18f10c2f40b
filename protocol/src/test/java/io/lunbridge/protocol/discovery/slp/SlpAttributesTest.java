package io.lunbridge.protocol.discovery.slp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lunbridge.protocol.naming.IscsiName;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class SlpAttributesTest {

    @Test
    void parsesMultiValuedKeywordsEscapesBooleansAndOpaque() {
        String list = "(auth-cred=chap/lunbridge,chap/backup),secure,(alias=a\\2Cb\\29),(flag=TRUE),"
                + "(blob=\\FF\\00\\2a),(n=-12)";
        SlpAttributes a = SlpAttributes.parse(list);
        assertEquals(List.of("auth-cred", "secure", "alias", "flag", "blob", "n"),
                a.attributes().stream().map(SlpAttribute::tag).collect(Collectors.toList()));
        assertEquals(2, a.get("AUTH-CRED").orElseThrow().values().size());
        assertTrue(a.get("secure").orElseThrow().isKeyword());
        assertEquals("a,b)", a.get("alias").orElseThrow().values().get(0).asString());
        assertTrue(a.get("flag").orElseThrow().values().get(0).asBoolean());
        SlpAttributeValue blob = a.get("blob").orElseThrow().values().get(0);
        assertTrue(blob.isOpaque());
        assertArrayEquals(new byte[] {0, 0x2a}, blob.asOpaque());
        assertEquals(-12, a.get("n").orElseThrow().values().get(0).asInteger());
        assertEquals(list, a.render());
        assertEquals(Optional.empty(), a.get("missing"));
        assertEquals(List.of(), SlpAttributes.parse("").attributes());
    }

    @Test
    void valueFactoriesEscape() {
        assertEquals("x\\2C\\28y\\5C", SlpAttributeValue.ofString("x,(y\\").raw());
        assertEquals("x,(y\\", SlpAttributeValue.ofString("x,(y\\").asString());
        assertEquals("\\FF\\01\\FE", SlpAttributeValue.ofOpaque(new byte[] {1, (byte) 0xfe}).raw());
        assertEquals("caf\u00e9", new SlpAttributeValue("caf\\C3\\A9").asString());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "(a=1|attr-list '(a=1': expected ')' to close the attribute at character 5",
        "(a)|attr-list '(a)': character ')' not allowed in an attribute tag at character 3",
        "(a=)|attr-list '(a=)': expected a value at character 4",
        "(=1)|attr-list '(=1)': expected an attribute tag at character 2",
        "(a=1,)|attr-list '(a=1,)': expected a value at character 6",
        "(a=x\\zz)|attr-list '(a=x\\zz)': expected two hex digits after '\\' at character 5",
        "(a=x<y)|attr-list '(a=x<y)': character '<' must be escaped in a value at character 5",
        "(a=1)(b=2)|attr-list '(a=1)(b=2)': expected ',' between attributes at character 6",
        "(a=1),|attr-list '(a=1),': expected an attribute after ',' at character 7",
        "a*b|attr-list 'a*b': character '*' not allowed in an attribute tag at character 2",
        "(a,b)|attr-list '(a,b)': expected '=' after the tag at character 3",
    })
    void malformedListsNamePosition(String list, String message) {
        assertEquals(message, assertThrows(SlpFormatException.class, () -> SlpAttributes.parse(list)).getMessage());
    }

    @Test
    void typedAccessorErrors() {
        assertEquals("attribute value 'x': expected an integer",
                assertThrows(SlpFormatException.class, () -> new SlpAttributeValue("x").asInteger()).getMessage());
        assertEquals("attribute value 'yes': expected true or false",
                assertThrows(SlpFormatException.class, () -> new SlpAttributeValue("yes").asBoolean()).getMessage());
        assertEquals("attribute value 'x': expected an opaque value starting with \\FF",
                assertThrows(SlpFormatException.class, () -> new SlpAttributeValue("x").asOpaque()).getMessage());
        assertEquals("attribute value '\\FF\\01': expected a string, found an opaque value",
                assertThrows(SlpFormatException.class, () -> new SlpAttributeValue("\\FF\\01").asString()).getMessage());
        assertEquals("attribute value '\\FFab': opaque value has an unescaped character at position 4",
                assertThrows(SlpFormatException.class, () -> new SlpAttributeValue("\\FFab").asOpaque()).getMessage());
        assertEquals("attribute value '\\C3\\28': escapes do not form valid UTF-8",
                assertThrows(SlpFormatException.class, () -> new SlpAttributeValue("\\C3\\28").asString()).getMessage());
    }

    @Test
    void iscsiTemplateTypesAndArity() {
        IscsiTargetAttributes a = IscsiTargetAttributes.parse("(iscsi-name=IQN.2026-11.test.lunbridge:D1),"
                + "(transports=tcp,sctp),(auth-addr=198.18.4.100),(mgmt-entity=service:iscsi:sms://h:3205),"
                + "(auth-cred=any)");
        assertEquals(Optional.of(IscsiName.parse("iqn.2026-11.test.lunbridge:d1")), a.iscsiName());
        assertEquals(List.of("tcp", "sctp"), a.transports());
        assertEquals(List.of("198.18.4.100"), a.authAddresses());
        assertEquals(Optional.of("service:iscsi:sms://h:3205"), a.mgmtEntity());
        assertTrue(a.authCredentials().get(0).isAny());
        assertEquals(OptionalInt.empty(), a.portalGroup());
        assertEquals(List.of(), a.bootList());

        assertEquals("attribute portal-group: attribute value 'one': expected an integer",
                assertThrows(SlpFormatException.class,
                        () -> IscsiTargetAttributes.parse("(portal-group=one)").portalGroup()).getMessage());
        assertEquals("attribute alias: expected one value, found 2",
                assertThrows(SlpFormatException.class,
                        () -> IscsiTargetAttributes.parse("(alias=a,b)").alias()).getMessage());
        assertEquals("attribute iscsi-name: iSCSI name 'iqn.2026-13.x': month 13 out of range 01..12 (at position 10)",
                assertThrows(SlpFormatException.class,
                        () -> IscsiTargetAttributes.parse("(iscsi-name=iqn.2026-13.x)").iscsiName()).getMessage());
        assertEquals("attribute auth-cred value 'chap': expected 'any' or '<method>/<identifier>'",
                assertThrows(SlpFormatException.class,
                        () -> IscsiTargetAttributes.parse("(auth-cred=chap)").authCredentials()).getMessage());
        assertTrue(IscsiTargetAttributes.parse("").admits(IscsiName.parse("eui.0123456789abcdef")), "no auth-name");
    }
}
