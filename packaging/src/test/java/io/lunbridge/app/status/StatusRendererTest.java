package io.lunbridge.app.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lunbridge.app.lifecycle.MountTable;
import io.lunbridge.mpio.DeviceState;
import io.lunbridge.mpio.DeviceStatus;
import io.lunbridge.mpio.PathState;
import io.lunbridge.mpio.PathStatus;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Status text and JSON rendered from value records: a queueing LUN with two sessions, a PV, a mount and a flag. */
class StatusRendererTest {
    private static final String IQN = "iqn.2026-12.io.lunbridge.test:disks";

    static DeviceStatus queueing() {
        return new DeviceStatus(IQN + "/lun1", "naa.6001405abcdef", "LIO-ORG,disk1", 16L << 20, DeviceState.QUEUEING,
                "no usable path", 87.4, "120", "failover", "immediate", 0, 2, List.of(
                        new PathStatus("eth1->198.18.0.2:3260", "eth1", "198.18.0.2:3260", "LUN 1", PathState.FAILED,
                                "connection lost", "00023d000001", 0, 1, 0, false, "connection lost"),
                        new PathStatus("eth2->198.18.1.2:3260", "eth2", "198.18.1.2:3260", "LUN 1", PathState.FAILED,
                                "login failed: timeout", "00023d000002", 7, 3, 0, true, "keepalive timeout")));
    }

    static TargetView view() {
        LunView lun = new LunView(queueing(), "/dev/loop3", "/run/lunbridge/fuse/" + IQN + "/lun1",
                List.of(new VolumeGroups.PhysicalVolume("/dev/loop3", "vg0")),
                List.of(new MountTable.Mount("253:0", Path.of("/mnt/data"), "ext4", "/dev/mapper/vg0-lv")),
                List.of("/dev/dm-0 (/dev/mapper/vg0-lv) is mounted on /mnt/data (ext4)",
                        "/dev/loop3 is held by /dev/dm-0 (/dev/mapper/vg0-lv)"),
                List.of(new StatusFlag("needs-fsck", "I/O failed on 2026-12-04: run lunbridge fsck /dev/loop3")));
        return new TargetView(4242, "daemon", IQN, "startup: automatic  luns: 1", "store", List.of(lun));
    }

    @Test
    void textShowsSessionsThenEachLunWithDeviceSizeCountdownPathsVolumesUsesAndFlags() {
        assertEquals(String.join("\n",
                "process 4242 (daemon) target " + IQN,
                "startup: automatic  luns: 1 (attached from the store)",
                "session eth1->198.18.0.2:3260 iface eth1 portal 198.18.0.2:3260 isid 00023d000001 tsih 0: not logged in",
                "session eth2->198.18.1.2:3260 iface eth2 portal 198.18.1.2:3260 isid 00023d000002 tsih 7: logged in",
                IQN + "/lun1 naa.6001405abcdef LIO-ORG,disk1",
                "device /dev/loop3 file /run/lunbridge/fuse/" + IQN + "/lun1",
                "size=16777216 (16.0 MiB) policy='failover' failback=immediate replacement-timeout=120 state=QUEUEING "
                        + "(87 s left) reason='no usable path' failovers=2 io-failures=0",
                "`-- eth1->198.18.0.2:3260 LUN 1 failed isid=00023d000001 tsih=0 failures=1 inflight=0 "
                        + "reason='connection lost'",
                "`-* eth2->198.18.1.2:3260 LUN 1 failed isid=00023d000002 tsih=7 failures=3 inflight=0 "
                        + "reason='login failed: timeout' last-change='keepalive timeout'",
                "pv /dev/loop3 vg vg0",
                "use /dev/dm-0 (/dev/mapper/vg0-lv) is mounted on /mnt/data (ext4)",
                "use /dev/loop3 is held by /dev/dm-0 (/dev/mapper/vg0-lv)",
                "flag needs-fsck: I/O failed on 2026-12-04: run lunbridge fsck /dev/loop3", ""),
                StatusRenderer.text(view()));
    }

    @Test
    void jsonHasTheSameFacts() {
        String json = Json.write(StatusRenderer.json(view()));
        assertTrue(json.startsWith("{\"pid\":4242,\"verb\":\"daemon\",\"target\":\"" + IQN + "\",\"startup\":"
                + "\"startup: automatic  luns: 1\",\"origin\":\"store\",\"sessions\":[{\"id\":\"eth1->198.18.0.2:3260\","
                + "\"iface\":\"eth1\",\"portal\":\"198.18.0.2:3260\",\"isid\":\"00023d000001\",\"tsih\":0,\"loggedIn\":false,"
                + "\"paths\":[{\"device\":\"" + IQN + "/lun1\",\"lun\":\"LUN 1\",\"state\":\"FAILED\",\"reason\":"
                + "\"connection lost\",\"lastChange\":\"connection lost\"}]},"), json);
        assertTrue(json.contains("\"devices\":[{\"name\":\"" + IQN + "/lun1\",\"identity\":\"naa.6001405abcdef\","
                + "\"vendorProduct\":\"LIO-ORG,disk1\",\"sizeBytes\":16777216,\"device\":\"/dev/loop3\",\"file\":"
                + "\"/run/lunbridge/fuse/" + IQN + "/lun1\",\"state\":\"QUEUEING\",\"stateReason\":\"no usable path\","
                + "\"queueingSecondsLeft\":87.4,"), json);
        assertTrue(json.contains("\"volumeGroups\":[{\"pv\":\"/dev/loop3\",\"vg\":\"vg0\"}],\"mounts\":[{\"mountPoint\":"
                + "\"/mnt/data\",\"fsType\":\"ext4\",\"source\":\"/dev/mapper/vg0-lv\"}],\"uses\":[\"/dev/dm-0 "
                + "(/dev/mapper/vg0-lv) is mounted on /mnt/data (ext4)\",\"/dev/loop3 is held by /dev/dm-0 "
                + "(/dev/mapper/vg0-lv)\"],\"flags\":[{\"key\":\"needs-fsck\",\"text\":\"I/O failed on 2026-12-04: run "
                + "lunbridge fsck /dev/loop3\"}]}]}"), json);
        assertTrue(json.contains("\"lastChange\":\"keepalive timeout\",\"isid\":\"00023d000002\",\"tsih\":7"), json);
    }

    @Test
    void aServedDeviceHasNoLocalFactsAndSizesAreHuman() {
        String text = StatusRenderer.text(4242, "serve", IQN, List.of(queueing()));
        assertTrue(text.startsWith("process 4242 (serve) target " + IQN + "\nsession eth1->"), text);
        assertTrue(!text.contains("device /dev") && !text.contains("startup:"), text);
        assertEquals("512 B", TargetText.humanSize(512));
        assertEquals("1.5 GiB", TargetText.humanSize(3L << 29));
    }

    @Test
    void volumeGroupsParseAndMatchTheDeviceAndItsPartitionsOnly() {
        VolumeGroups v = VolumeGroups.parse("  /dev/loop3   vg0\n  /dev/loop31  vg1\n  /dev/loop3p2 vg2\n  /dev/sdb\n"
                + "  /dev/sdb1 vg3\n  WARNING: something\n");
        assertEquals(List.of(new VolumeGroups.PhysicalVolume("/dev/loop3", "vg0"),
                new VolumeGroups.PhysicalVolume("/dev/loop3p2", "vg2")), v.on("/dev/loop3"));
        assertEquals(List.of(new VolumeGroups.PhysicalVolume("/dev/sdb", ""),
                new VolumeGroups.PhysicalVolume("/dev/sdb1", "vg3")), v.on("/dev/sdb"));
        assertEquals(List.of(), v.on(null));
        assertTrue(v.problem().isEmpty());
    }
}
