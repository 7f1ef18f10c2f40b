package io.lunbridge.it.nbd;

import static io.lunbridge.it.nbd.NbdClients.ok;
import static io.lunbridge.it.nbd.NbdClients.qemuIo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lunbridge.it.harness.ProcessRunner;
import io.lunbridge.it.harness.TargetHostExtension;
import io.lunbridge.it.harness.TgtdTarget;
import io.lunbridge.it.harness.WorkDirs;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code lunbridge serve} (the shaded jar, as a child process) exporting six real tgtd LUNs, driven
 * by independent NBD clients: nbdinfo, nbdcopy, qemu-img, qemu-io and fio. Each test owns one LUN,
 * so the tests share one target and one server and stay independent of their order.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class TgtdNbdIT {
    private static final String IQN = "iqn.2026-11.io.lunbridge.it:nbd-tgtd";
    private static final long MIB = 1024 * 1024;
    private static final long GIB = 1024 * MIB;
    /** LUN → size; LUN 2 is thin (UNMAP, LBA status), the others are thick. */
    private static final long[] SIZES = {0, GIB, 64 * MIB, 64 * MIB, 64 * MIB, 64 * MIB, 64 * MIB};
    private static final int COPY_LUN = 1;
    private static final int THIN_LUN = 2;
    private static final int QEMU_IMG_LUN = 3;
    private static final int QEMU_IO_LUN = 4;
    private static final int FIO_LUN = 5;
    private static final int MULTI_CONN_LUN = 6;

    @RegisterExtension
    static final TargetHostExtension HOSTS = new TargetHostExtension();

    private static TgtdTarget tgtd;
    private static ServeProcess serve;
    private static Path work;

    @BeforeAll
    static void startTargetAndServer() {
        tgtd = HOSTS.tgtd();
        tgtd.addTarget(1, IQN);
        for (int lun = 1; lun < SIZES.length; lun++) {
            tgtd.addLun(1, lun, SIZES[lun]);
        }
        tgtd.updateLun(1, THIN_LUN, "thin_provisioning=1");
        tgtd.bindAll(1);
        work = HOSTS.register("work dir", new TmpfsDir("lbit-nbd-tgtd")).path();
        serve = HOSTS.register("serve", ServeProcess.start(tgtd.portal(), IQN,
                "iqn.2026-11.io.lunbridge.it:nbd-tgtd-client", work));
    }

    private static String export(int lun) {
        return IQN + "/lun" + lun;
    }

    private static String uri(int lun) {
        return serve.uri(export(lun));
    }

    @Test
    void nbdinfoListShowsEveryDiskLunAsAnExportWithItsDescription() {
        String list = ok("nbdinfo", "--list", serve.uri(""));
        List<String> names = new ArrayList<>();
        Matcher m = Pattern.compile("(?m)^export=\"([^\"]*)\":").matcher(list);
        while (m.find()) {
            names.add(m.group(1));
        }
        List<String> expected = new ArrayList<>();
        for (int lun = 1; lun < SIZES.length; lun++) {
            expected.add(export(lun));
            assertTrue(list.contains("description: IET VIRTUAL-DISK LUN " + lun + " of " + IQN), list);
        }
        assertEquals(expected, names, "LUN 0 (the controller) is no export; every data LUN is, in order\n" + list);
        assertEquals(expected, List.copyOf(serve.exports().keySet()), serve.diagnostics());
    }

    @Test
    void theDefaultExportIsTheFirstLunAndTheDeviceIdentityIsAnAlias() {
        NbdInfo byDefault = NbdInfo.of(serve.uri(""));
        assertEquals(GIB, byDefault.number("export-size"));
        String served = serve.diagnostics();
        Matcher naa = Pattern.compile("exporting " + Pattern.quote(export(THIN_LUN)) + " \\(\\d+ bytes, also as (naa\\.[0-9a-f]+)\\)")
                .matcher(served);
        assertTrue(naa.find(), served);
        NbdInfo byIdentity = NbdInfo.of(serve.uri(naa.group(1)));
        assertEquals(64 * MIB, byIdentity.number("export-size"));
        assertTrue(byIdentity.flag("can_trim"), "the naa alias names the thin LUN 2: " + byIdentity);
        NbdClients.fails("nbdinfo", serve.uri(IQN + "/lun0"));
    }

    @Test
    void nbdinfoJsonShowsSizeFlagsAndBlockSizesOfThickAndThinLuns() {
        NbdInfo thick = NbdInfo.of(uri(COPY_LUN));
        NbdInfo thin = NbdInfo.of(uri(THIN_LUN));
        assertEquals(GIB, thick.number("export-size"));
        assertEquals(64 * MIB, thin.number("export-size"));
        for (NbdInfo info : List.of(thick, thin)) {
            for (String flag : List.of("can_flush", "can_fua", "can_zero", "can_multi_conn")) {
                assertTrue(info.flag(flag), flag + " in " + info);
            }
            assertFalse(info.flag("is_read_only"), info.toString());
            assertEquals(512, info.number("block_size_minimum"), "tgtd's logical block: " + info);
            assertEquals(4096, info.number("block_size_preferred"), "tgtd's physical block: " + info);
            long max = info.number("block_size_maximum");
            assertTrue(max >= MIB && max % 4096 == 0, "maximum " + max + " in " + info);
            assertTrue(info.contexts().contains("base:allocation"), info.toString());
        }
        assertFalse(thick.flag("can_trim"), "tgtd announces UNMAP only with thin_provisioning=1: " + thick);
        assertTrue(thin.flag("can_trim"), "thin_provisioning=1: " + thin);
    }

    @Test
    void nbdinfoMapShowsAllocationOfTheThinLunAfterWritesAndATrim() throws Exception {
        assertEquals("0+67108864=3;", NbdInfo.map(uri(THIN_LUN)), "a fresh thin LUN is one hole");
        qemuIo(uri(THIN_LUN),
                "write -P 0xab 0 4M",
                "discard 1M 1M",
                "write -P 0xcd 8M 2M",
                "write -z 16M 1M",
                "write -P 0xee 20M 1M",
                "write -z -u 20M 1M");
        String expected = "0+1048576=0;1048576+1048576=3;2097152+2097152=0;4194304+4194304=3;"
                + "8388608+2097152=0;10485760+6291456=3;16777216+1048576=0;17825792+49283072=3;";
        assertEquals(expected, NbdInfo.map(uri(THIN_LUN)),
                "write -z without -u must keep its blocks allocated; discard and write -z -u free them");
        Path backing = tgtd.lunBackingFile(1, THIN_LUN);
        long allocated = Long.parseLong(ProcessRunner.run("stat", "-c", "%b", backing.toString()).stdout().trim()) * 512;
        assertEquals(6 * MIB, allocated, "the target's backing file holds exactly the data extents");
        try (RandomAccessFile f = new RandomAccessFile(backing.toFile(), "r")) {
            assertEquals((byte) 0xab, at(f, 0));
            assertEquals(0, at(f, MIB + 4096));
            assertEquals((byte) 0xab, at(f, 2 * MIB));
            assertEquals((byte) 0xcd, at(f, 10 * MIB - 1));
            assertEquals(0, at(f, 16 * MIB));
            assertEquals(0, at(f, 20 * MIB));
        }
    }

    private static byte at(RandomAccessFile f, long offset) throws Exception {
        f.seek(offset);
        return (byte) f.read();
    }

    @Test
    void nbdcopyRoundTripOfAOneGibLunKeepsTheChecksum() {
        NbdScenarios.nbdcopyRoundTrip(uri(COPY_LUN), tgtd.lunBackingFile(1, COPY_LUN), GIB, 20261124L);
    }

    @Test
    void qemuImgConvertsToAndFromTheExportAndComparesIdentical() {
        Path dir = WorkDirs.newTmpfsDir("lbit-nbd-img");
        try {
            Path src = dir.resolve("src.img");
            NbdClients.writeRandomFile(src, 64 * MIB, 7L, 32 * MIB, 40 * MIB);
            ok("qemu-img", "convert", "-n", "-f", "raw", "-O", "raw", src.toString(), uri(QEMU_IMG_LUN));
            String same = ok("qemu-img", "compare", "-f", "raw", "-F", "raw", src.toString(), uri(QEMU_IMG_LUN));
            assertTrue(same.contains("Images are identical"), same);
            Path copy = dir.resolve("copy.qcow2");
            ok("qemu-img", "convert", "-f", "raw", "-O", "qcow2", uri(QEMU_IMG_LUN), copy.toString());
            assertTrue(ok("qemu-img", "compare", "-F", "raw", copy.toString(), uri(QEMU_IMG_LUN))
                    .contains("Images are identical"));
            qemuIo(uri(QEMU_IMG_LUN), "write -P 0x42 60M 4k");
            NbdClients.exitCode(1, "qemu-img", "compare", "-f", "raw", "-F", "raw", src.toString(),
                    uri(QEMU_IMG_LUN));
            assertEquals(NbdClients.sha256OfExport(uri(QEMU_IMG_LUN)),
                    NbdClients.sha256OfFile(tgtd.lunBackingFile(1, QEMU_IMG_LUN)));
        } finally {
            WorkDirs.deleteRecursively(dir);
        }
    }

    @Test
    void qemuIoReadWriteDiscardZeroesFuaAndAio() {
        NbdScenarios.qemuIoOperations(uri(QEMU_IO_LUN), tgtd.lunBackingFile(1, QEMU_IO_LUN), false);
    }

    @ParameterizedTest(name = "fio crc32c verify at iodepth {0}")
    @ValueSource(ints = {1, 4, 16, 64})
    void fioVerifiesEveryBlockAtQueueDepth(int iodepth) {
        String[] terse = NbdClients.fioVerify(uri(FIO_LUN), iodepth, "16m");
        assertEquals("0", terse[4], "fio error");
        assertEquals("16384", terse[5], "the verify pass read back every KiB written");
    }

    @Test
    void twoClientsWriteDisjointHalvesAtOnce() throws Exception {
        NbdScenarios.twoWritersOnDisjointHalves(HOSTS, uri(MULTI_CONN_LUN), tgtd.lunBackingFile(1, MULTI_CONN_LUN));
    }
}
