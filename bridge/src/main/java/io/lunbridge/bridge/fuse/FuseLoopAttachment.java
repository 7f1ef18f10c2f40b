package io.lunbridge.bridge.fuse;

import io.netty.channel.EventLoop;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * LUNs as local block devices without the nbd driver: a {@link FuseServer} mount with one file per
 * LUN, each attached to a loop device with direct I/O. {@link #close()} undoes everything in reverse
 * order: detaches each loop device, unmounts, stops the server.
 */
public final class FuseLoopAttachment implements AutoCloseable {
    private static final Logger LOG = LogManager.getLogger(FuseLoopAttachment.class);

    private final FuseServer server;
    private final Map<String, LoopDevice> loops;

    private FuseLoopAttachment(FuseServer server, Map<String, LoopDevice> loops) {
        this.server = server;
        this.loops = loops;
    }

    /** {@link #attach(Path, List, FuseServerConfig, EventLoop)} with the server on a loop of its own. */
    public static FuseLoopAttachment attach(Path mountPoint, List<FuseFile> files, FuseServerConfig config)
            throws IOException {
        return attach(mountPoint, files, config, null);
    }

    /**
     * Mounts {@code files} at {@code mountPoint} and attaches a loop device to each.
     *
     * @param deviceLoop the event loop owning the files' block devices, where requests are then served
     *                   (see {@link FuseServer#start(Path, List, FuseServerConfig, EventLoop)}), or null
     */
    public static FuseLoopAttachment attach(Path mountPoint, List<FuseFile> files, FuseServerConfig config,
                                            EventLoop deviceLoop) throws IOException {
        FuseServer server = FuseServer.start(mountPoint, files, config, deviceLoop);
        Map<String, LoopDevice> loops = new LinkedHashMap<>();
        try {
            for (FuseFile f : files) {
                loops.put(f.name(), LoopDevice.attach(server.file(f.name()),
                        f.device().geometry().logicalBlockSize(), f.device().geometry().writeProtected()));
            }
            return new FuseLoopAttachment(server, loops);
        } catch (IOException | RuntimeException e) {
            new FuseLoopAttachment(server, loops).close();
            throw e;
        }
    }

    /** Loop device per file name, in the order given. */
    public Map<String, LoopDevice> loopDevices() {
        return Collections.unmodifiableMap(loops);
    }

    /** The FUSE server (mount point, counters). */
    public FuseServer server() {
        return server;
    }

    @Override
    public void close() {
        List<LoopDevice> reverse = new ArrayList<>(loops.values());
        Collections.reverse(reverse);
        for (LoopDevice l : reverse) {
            try {
                l.detach();
            } catch (IOException | RuntimeException e) {
                LOG.error("detaching {} failed: {}", l.device(), e.getMessage());
            }
        }
        server.close();
    }
}
