package io.lunbridge.app.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Volume group names are checked as lvm2's validate_name does, and every refusal names the key and the value. */
class VolumeGroupsTest {
    @ParameterizedTest
    @ValueSource(strings = {"vg0", "data_vg", "a.b", "a+b", "x-", "A9", ".hidden", "..x"})
    void lvmNamesAreAccepted(String name) {
        assertEquals(List.of(name), VolumeGroups.parse(name).names());
    }

    @Test
    void theLongestLvmNameIs127Characters() {
        assertEquals(127, VolumeGroups.parse("v".repeat(127)).names().get(0).length());
        String m = assertThrows(StoreException.class, () -> VolumeGroups.parse("v".repeat(128))).getMessage();
        assertTrue(m.startsWith("vgs: 'vvvv") && m.endsWith("' is not an LVM volume group name (at most 127 characters,"
                + " found 128)"), m);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "-vg | vgs: '-vg' is not an LVM volume group name (it must not start with '-')",
            ". | vgs: '.' is not an LVM volume group name ('.' and '..' are not names)",
            ".. | vgs: '..' is not an LVM volume group name ('.' and '..' are not names)",
            "a/b | vgs: 'a/b' is not an LVM volume group name (only letters, digits, '+', '_', '.' and '-' are allowed)",
            "vgé | vgs: 'vgé' is not an LVM volume group name (only letters, digits, '+', '_', '.' and '-' are allowed)",
            "'a,,b' | vgs: expected volume group names separated by commas, found an empty name",
            "'a,b,a' | vgs: volume group 'a' is listed twice"})
    void badNamesAreRefusedNamingKeyAndValue(String value, String message) {
        assertEquals(message, assertThrows(StoreException.class, () -> VolumeGroups.parse(value)).getMessage());
    }

    @Test
    void listsKeepTheirOrderAndBlankOrNoneMeansNone() {
        assertEquals(List.of("b", "a"), VolumeGroups.parse(" b , a ").names());
        assertEquals("b,a", VolumeGroups.parse("b,a").text());
        assertEquals(VolumeGroups.NONE, VolumeGroups.parse(""));
        assertEquals(VolumeGroups.NONE, VolumeGroups.parse("none"));
        assertEquals("-", VolumeGroups.NONE.text());
        assertEquals(List.of("b", "a", "c"), VolumeGroups.parse("b,a").with("c").with("a").names());
    }
}
