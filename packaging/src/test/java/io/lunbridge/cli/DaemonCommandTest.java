package io.lunbridge.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.lunbridge.app.config.ConfigKey;
import io.lunbridge.app.config.Configuration;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The daemon's discovery: the configured policy, with its store added (once) and pointed at --store. */
class DaemonCommandTest {
    @TempDir
    Path tmp;

    @Test
    void theStoreJoinsThePolicyOnceAndIsTheDaemonsOwn() throws Exception {
        Path store = tmp.resolve("store.db");
        Configuration plain = DaemonCommand.withStore(Configuration.defaults(), store);
        assertEquals(List.of("file", "store"), plain.list(ConfigKey.DISCOVERY_POLICY));
        assertEquals(store.toString(), plain.get(ConfigKey.DISCOVERY_STORE));
        Path conf = tmp.resolve("lunbridge.conf");
        Files.writeString(conf, "discovery.policy = odm, file\ndiscovery.store = /elsewhere/store.db\n");
        Configuration withOdm = DaemonCommand.withStore(Configuration.load(conf), store);
        assertEquals(List.of("odm", "file"), withOdm.list(ConfigKey.DISCOVERY_POLICY), "odm is the store already");
        assertEquals(store.toString(), withOdm.get(ConfigKey.DISCOVERY_STORE));
    }
}
