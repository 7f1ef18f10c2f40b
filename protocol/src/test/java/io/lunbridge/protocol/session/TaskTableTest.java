package io.lunbridge.protocol.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.lunbridge.protocol.pdu.Pdu;
import org.junit.jupiter.api.Test;

class TaskTableTest {
    @Test
    void skipsTheReservedTagAndTagsStillInUse() {
        TaskTable<String> t = new TaskTable<>(0xfffffffe);
        int a = t.add("a");
        int b = t.add("b");
        assertEquals(0xfffffffe, a);
        assertNotEquals(Pdu.RESERVED_TAG, b);
        assertEquals(0, b);
        TaskTable<String> wrap = new TaskTable<>(5);
        int first = wrap.add("x");
        for (int i = 0; i < 3; i++) {
            wrap.remove(wrap.add("y"));
        }
        assertEquals("x", wrap.get(first));
        assertEquals(1, wrap.size());
        assertEquals("x", wrap.remove(first));
    }
}
