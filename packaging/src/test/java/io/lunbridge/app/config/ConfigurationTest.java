package io.lunbridge.app.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigurationTest {
    @Test
    void valuesDefaultsAndOrigins() {
        Configuration c = Configuration.parse("/etc/lunbridge/lunbridge.conf",
                "# comment\n\ndiscovery.policy = store, isns  # boot disks first\nisns.servers = 198.18.0.5, 198.18.1.5:3205\n"
                        + "session.command-timeout=45\n");
        assertEquals(List.of("store", "isns"), c.list(ConfigKey.DISCOVERY_POLICY));
        assertEquals(List.of("198.18.0.5", "198.18.1.5:3205"), c.list(ConfigKey.ISNS_SERVERS));
        assertEquals(45, c.integer(ConfigKey.SESSION_COMMAND_TIMEOUT));
        assertEquals("/etc/lunbridge/lunbridge.conf:5", c.origin(ConfigKey.SESSION_COMMAND_TIMEOUT));
        assertEquals("default", c.origin(ConfigKey.SOCKET_BUFFERS));
        assertEquals("auto", c.get(ConfigKey.SOCKET_BUFFERS));
        assertTrue(c.render().contains("discovery.policy = store, isns\n"), c.render());
    }

    @Test
    void everyErrorNamesFileLineAndKeyAndAllAreReported() {
        Configuration.ConfigurationException e = assertThrows(Configuration.ConfigurationException.class,
                () -> Configuration.parse("c.conf", "discovery.policy = file, nfs\nsession.timeout = 3\njust words\n"
                        + "session.command-timeout = soon\nlogin.header-digest = md5\ndiscovery.targets-file = targets\n"
                        + "socket.buffers = 12\nisns.servers = a\nisns.servers = b\ndiscovery.policy = odm, store\n"));
        assertEquals(List.of(
                "c.conf:1: discovery.policy: unknown discovery method 'nfs' (expected file, store, odm, isns or slp)",
                "c.conf:2: unknown key 'session.timeout' (known keys: " + String.join(", ", ConfigKey.names()) + ")",
                "c.conf:3: expected 'key = value', found 'just words'",
                "c.conf:4: session.command-timeout: expected a number of seconds, found 'soon'",
                "c.conf:5: login.header-digest: unknown digest 'md5' (expected None, CRC32C or a list of them)",
                "c.conf:6: discovery.targets-file: expected an absolute path, found 'targets'",
                "c.conf:7: socket.buffers: socket buffer size '12': expected 4096 bytes to 2 GiB",
                "c.conf:9: isns.servers is set again (first set at c.conf:8)",
                "c.conf:10: discovery.policy: discovery method 'store' is listed twice"), e.errors());
    }

    @Test
    void aMissingFileMeansDefaults(@TempDir Path dir) throws Exception {
        Configuration c = Configuration.load(dir.resolve("lunbridge.conf"));
        assertEquals("file", c.get(ConfigKey.DISCOVERY_POLICY));
    }
}
