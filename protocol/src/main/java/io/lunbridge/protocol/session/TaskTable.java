package io.lunbridge.protocol.session;

import io.lunbridge.protocol.pdu.Pdu;
import io.netty.util.collection.IntObjectHashMap;
import io.netty.util.collection.IntObjectMap;
import java.util.ArrayList;
import java.util.List;

/**
 * Tasks in flight by Initiator Task Tag. Allocates ITTs that are unique among live tasks and never
 * the reserved value 0xffffffff. Owned by the session's event loop.
 *
 * @param <T> the task type
 */
public final class TaskTable<T> {
    private final IntObjectMap<T> tasks = new IntObjectHashMap<>();
    private int nextTag;

    public TaskTable(int firstTag) {
        this.nextTag = firstTag;
    }

    /** Allocates a free ITT and registers the task under it. */
    public int add(T task) {
        int tag;
        do {
            tag = nextTag++;
        } while (tag == Pdu.RESERVED_TAG || tasks.containsKey(tag));
        tasks.put(tag, task);
        return tag;
    }

    public T get(int tag) {
        return tasks.get(tag);
    }

    public T remove(int tag) {
        return tasks.remove(tag);
    }

    public int size() {
        return tasks.size();
    }

    public boolean isEmpty() {
        return tasks.isEmpty();
    }

    /** The live tasks, as a copy (for timer sweeps; not used per I/O). */
    public List<T> snapshot() {
        return new ArrayList<>(tasks.values());
    }

    /** Removes and returns every task (used when the connection fails). */
    public List<T> drain() {
        List<T> all = new ArrayList<>(tasks.values());
        tasks.clear();
        return all;
    }
}
