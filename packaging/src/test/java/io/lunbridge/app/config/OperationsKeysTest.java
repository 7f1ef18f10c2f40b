package io.lunbridge.app.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The keys of issue 11: log.format, metrics.socket, metrics.listen. */
class OperationsKeysTest {
    @Test
    void goodValues() {
        Configuration c = Configuration.parse("o.conf",
                "log.format = JSON\nmetrics.socket =\nmetrics.listen = 198.18.0.1:9573\n");
        assertEquals("JSON", c.get(ConfigKey.LOG_FORMAT));
        assertEquals("", c.get(ConfigKey.METRICS_SOCKET));
        assertEquals("198.18.0.1:9573", c.get(ConfigKey.METRICS_LISTEN));
        assertEquals("/run/lunbridge/metrics.sock", Configuration.defaults().get(ConfigKey.METRICS_SOCKET));
    }

    @Test
    void badValuesNameFileLineAndKey() {
        Configuration.ConfigurationException e = assertThrows(Configuration.ConfigurationException.class,
                () -> Configuration.parse("o.conf", "log.format = xml\nmetrics.socket = run/m.sock\n"
                        + "metrics.listen = 198.18.0.1\n"));
        assertEquals(List.of(
                "o.conf:1: log.format: expected auto, text, journal or json, found 'xml'",
                "o.conf:2: metrics.socket: expected an absolute path or nothing (off), found 'run/m.sock'",
                "o.conf:3: metrics.listen: expected HOST:PORT, found '198.18.0.1' without a port"), e.errors());
    }

    @Test
    void aBadPortIsNamed() {
        Configuration.ConfigurationException e = assertThrows(Configuration.ConfigurationException.class,
                () -> Configuration.parse("o.conf", "metrics.listen = 198.18.0.1:70000\n"));
        assertEquals(1, e.errors().size());
        assertEquals(true, e.errors().get(0).startsWith("o.conf:1: metrics.listen: expected HOST:PORT, found"
                + " '198.18.0.1:70000': "), e.errors().get(0));
    }
}
