package io.lunbridge.bridge.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reconnect-or-connect decision on a fake /sys/block: a device still configured with the LUN's
 * identifier is taken over (same index), one configured for another LUN never is, and the cases where
 * either would be wrong are refused naming the device.
 */
class DeviceChoiceTest {
    private static final String MINE = "lunbridge:iqn.2026-11.io.lunbridge.it:kernel:1";
    private static final String OTHER = "lunbridge:iqn.2026-11.io.lunbridge.it:other:1";
    private static final long SIZE = 64L << 20;

    @TempDir
    Path tmp;
    /** The latest tree's root. */
    private Path root;
    private int trees;

    /** nbd0..3 exist; {@code backends[i]} null means nbd{@code i} is not configured (no backend file). */
    private NbdSysfs tree(String... backends) throws IOException {
        root = tmp.resolve("t" + trees++);
        Files.createDirectories(root.resolve("dev"));
        for (int i = 0; i < 4; i++) {
            Path d = root.resolve("sys/nbd" + i);
            Files.createDirectories(d.resolve("queue"));
            Files.writeString(d.resolve("queue/logical_block_size"), "512\n");
            String b = i < backends.length ? backends[i] : null;
            Files.writeString(d.resolve("size"), b == null ? "0\n" : (SIZE / 512) + "\n");
            if (b != null) {
                Files.writeString(d.resolve("backend"), b + "\n");
                Files.writeString(d.resolve("pid"), "4242\n");
            }
            Files.createFile(root.resolve("dev/nbd" + i));
        }
        Files.createDirectories(root.resolve("sys/sda"));
        return new NbdSysfs(root.resolve("sys"), root.resolve("dev"));
    }

    @Test
    void noDeviceForTheLunConnectsANewOne() throws IOException {
        DeviceChoice c = DeviceChoice.decide(tree(), MINE, OptionalInt.empty(), SIZE, 512);
        assertFalse(c.reconnect());
        assertEquals(OptionalInt.empty(), c.index());
        assertEquals(List.of(), c.notes());
    }

    @Test
    void theDeviceStillConfiguredForTheLunIsTakenOverAtItsIndex() throws IOException {
        DeviceChoice c = DeviceChoice.decide(tree(null, null, MINE), MINE, OptionalInt.empty(), SIZE, 512);
        assertTrue(c.reconnect());
        assertEquals(OptionalInt.of(2), c.index());
    }

    @Test
    void aDeviceOfAnotherTargetIsNeverTakenOverAndIsNamed() throws IOException {
        DeviceChoice c = DeviceChoice.decide(tree(OTHER, "nbd-client:/dev/x"), MINE, OptionalInt.empty(), SIZE, 512);
        assertFalse(c.reconnect(), "the other target's device is not ours");
        assertEquals(OptionalInt.empty(), c.index());
        assertEquals(List.of("not taken over for " + MINE + ", configured for other LUNs: /dev/nbd0 (" + OTHER + ")"),
                c.notes(), "lunbridge devices of other LUNs are named; a foreign tool's device is not ours to name");
    }

    @Test
    void anotherLunOfTheSameTargetIsNotOurs() throws IOException {
        String lun2 = "lunbridge:iqn.2026-11.io.lunbridge.it:kernel:2";
        DeviceChoice c = DeviceChoice.decide(tree(lun2, MINE), MINE, OptionalInt.empty(), SIZE, 512);
        assertEquals(OptionalInt.of(1), c.index());
        assertTrue(c.reconnect());
        // and a prefix of our identifier is no match either: ":1" vs ":10"
        DeviceChoice ten = DeviceChoice.decide(tree(MINE + "0"), MINE, OptionalInt.empty(), SIZE, 512);
        assertFalse(ten.reconnect());
    }

    @Test
    void aChosenDeviceConfiguredForAnotherTargetIsRefusedNamingIt() throws IOException {
        NbdSysfs s = tree(OTHER);
        IOException e = assertThrows(IOException.class, () -> DeviceChoice.decide(s, MINE, OptionalInt.of(0), SIZE, 512));
        assertEquals("/dev/nbd0 is configured for " + OTHER + ", not for " + MINE
                + ": not taken over (choose another --device, or omit it)", e.getMessage());
    }

    @Test
    void aChosenFreeDeviceIsConnected() throws IOException {
        DeviceChoice c = DeviceChoice.decide(tree(OTHER), MINE, OptionalInt.of(3), SIZE, 512);
        assertFalse(c.reconnect());
        assertEquals(OptionalInt.of(3), c.index());
    }

    @Test
    void aChosenDeviceOtherThanTheLunsOwnIsRefused() throws IOException {
        NbdSysfs s = tree(MINE);
        IOException e = assertThrows(IOException.class, () -> DeviceChoice.decide(s, MINE, OptionalInt.of(2), SIZE, 512));
        assertEquals(MINE + " is still configured as /dev/nbd0 (waiting for its server); --device /dev/nbd2 names "
                + "another: omit --device to take /dev/nbd0 over, or detach /dev/nbd0 first", e.getMessage());
    }

    @Test
    void twoDevicesForTheLunAreRefused() throws IOException {
        NbdSysfs s = tree(MINE, null, MINE);
        IOException e = assertThrows(IOException.class, () -> DeviceChoice.decide(s, MINE, OptionalInt.empty(), SIZE, 512));
        assertEquals(MINE + " is configured on several devices: /dev/nbd0, /dev/nbd2; detach all but one "
                + "(lunbridge detach --force /dev/nbdN)", e.getMessage());
    }

    @Test
    void aDeviceWhoseSizeNoLongerMatchesTheLunIsNotTakenOver() throws IOException {
        NbdSysfs s = tree(MINE);
        IOException e = assertThrows(IOException.class,
                () -> DeviceChoice.decide(s, MINE, OptionalInt.empty(), SIZE * 2, 512));
        assertEquals("/dev/nbd0 was configured for " + MINE + " with " + SIZE + " bytes in blocks of 512; the LUN now has "
                + (SIZE * 2) + " bytes in blocks of 512: not taken over (unmount it and lunbridge detach --force "
                + "/dev/nbd0)", e.getMessage());
        Files.writeString(root.resolve("sys/nbd0/queue/logical_block_size"), "4096\n");
        assertThrows(IOException.class, () -> DeviceChoice.decide(s, MINE, OptionalInt.empty(), SIZE, 512));
    }

    @Test
    void sysfsReadsTheBackendSizeAndBlockSize() throws IOException {
        NbdSysfs s = tree(MINE);
        assertEquals(java.util.Optional.of(MINE), s.backend(0));
        assertEquals(java.util.Optional.empty(), s.backend(1));
        Files.writeString(root.resolve("sys/nbd1/backend"), "\n"); // connected without an identifier
        assertEquals(java.util.Optional.empty(), s.backend(1));
        assertEquals(SIZE, s.sizeBytes(0));
        assertEquals(512, s.logicalBlockSize(0));
        assertEquals(List.of(0, 1, 2, 3), s.devices());
    }
}
