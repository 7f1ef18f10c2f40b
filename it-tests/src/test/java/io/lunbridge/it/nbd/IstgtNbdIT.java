package io.lunbridge.it.nbd;

import static io.lunbridge.it.nbd.NbdClients.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lunbridge.it.harness.IstgtConfig;
import io.lunbridge.it.harness.IstgtTarget;
import io.lunbridge.it.harness.TargetHostExtension;
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
 * The key NBD scenarios against istgt (Debian's 0.4~20111008), whose data LUNs start at 0 and which
 * announces no UNMAP: {@code lunbridge serve} must then not offer trim.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class IstgtNbdIT {
    private static final long MIB = NbdScenarios.MIB;
    private static final int COPY_LUN = 0;
    private static final int QEMU_IO_LUN = 1;
    private static final int FIO_LUN = 2;
    private static final int MULTI_CONN_LUN = 3;

    @RegisterExtension
    static final TargetHostExtension HOSTS = new TargetHostExtension();

    private static IstgtTarget istgt;
    private static ServeProcess serve;

    @BeforeAll
    static void startTargetAndServer() {
        istgt = HOSTS.istgt(IstgtConfig.builder()
                .logicalUnit("nbd", IstgtConfig.AuthMethod.NONE, 256 * MIB, 64 * MIB, 64 * MIB, 64 * MIB).build());
        TmpfsDir work = HOSTS.register("work dir", new TmpfsDir("lbit-nbd-istgt"));
        serve = HOSTS.register("serve", ServeProcess.start(istgt.portal(), istgt.iqn(0),
                "iqn.2026-11.io.lunbridge.it:nbd-istgt-client", work.path()));
    }

    private static String uri(int lun) {
        return serve.uri(istgt.iqn(0) + "/lun" + lun);
    }

    @Test
    void everyLunIsAnExportFromLunZeroAndTheDefaultIsLunZero() {
        String list = ok("nbdinfo", "--list", serve.uri(""));
        List<String> names = new ArrayList<>();
        Matcher m = Pattern.compile("(?m)^export=\"([^\"]*)\":").matcher(list);
        while (m.find()) {
            names.add(m.group(1));
        }
        List<String> expected = new ArrayList<>();
        for (int lun = 0; lun <= MULTI_CONN_LUN; lun++) {
            expected.add(istgt.iqn(0) + "/lun" + lun);
        }
        assertEquals(expected, names, list);
        assertEquals(256 * MIB, NbdInfo.of(serve.uri("")).number("export-size"));
    }

    @Test
    void nbdinfoJsonShowsSizeFlagsAndBlockSizesWithoutTrim() {
        NbdInfo info = NbdInfo.of(uri(QEMU_IO_LUN));
        assertEquals(64 * MIB, info.number("export-size"));
        for (String flag : List.of("can_flush", "can_zero", "can_multi_conn")) {
            assertTrue(info.flag(flag), flag + " in " + info);
        }
        assertFalse(info.flag("can_trim"), "istgt announces no UNMAP: " + info);
        assertFalse(info.flag("is_read_only"), info.toString());
        assertEquals(512, info.number("block_size_minimum"), info.toString());
        assertTrue(info.number("block_size_maximum") >= MIB, info.toString());
    }

    @Test
    void nbdcopyRoundTripKeepsTheChecksum() {
        NbdScenarios.nbdcopyRoundTrip(uri(COPY_LUN), istgt.lunBackingFile(0, COPY_LUN), 256 * MIB, 42L);
    }

    @Test
    void qemuIoReadWriteZeroesFuaAndAio() {
        NbdScenarios.qemuIoOperations(uri(QEMU_IO_LUN), istgt.lunBackingFile(0, QEMU_IO_LUN), false);
    }

    @ParameterizedTest(name = "fio crc32c verify at iodepth {0}")
    @ValueSource(ints = {1, 32})
    void fioVerifiesEveryBlockAtQueueDepth(int iodepth) {
        String[] terse = NbdClients.fioVerify(uri(FIO_LUN), iodepth, "16m");
        assertEquals("0", terse[4], "fio error");
        assertEquals("16384", terse[5], "the verify pass read back every KiB written");
    }

    @Test
    void twoClientsWriteDisjointHalvesAtOnce() throws Exception {
        NbdScenarios.twoWritersOnDisjointHalves(HOSTS, uri(MULTI_CONN_LUN), istgt.lunBackingFile(0, MULTI_CONN_LUN));
    }
}
