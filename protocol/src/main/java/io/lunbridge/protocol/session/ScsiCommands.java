package io.lunbridge.protocol.session;

import io.lunbridge.protocol.pdu.DataIn;
import io.lunbridge.protocol.pdu.DataOut;
import io.lunbridge.protocol.pdu.Pdu;
import io.lunbridge.protocol.pdu.R2t;
import io.lunbridge.protocol.pdu.ScsiCommand;
import io.lunbridge.protocol.pdu.ScsiResponse;
import io.lunbridge.protocol.text.SessionParameters;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/**
 * The SCSI command family of a {@link Session}: submission within the CmdSN window, immediate,
 * unsolicited and R2T-solicited Data-Out, Data-In reassembly, the SCSI Response, and abandoning a
 * command the target no longer holds. Event loop only.
 *
 * <p><b>Buffers.</b> The request's write data is borrowed: Data-Out PDUs carry retained slices that
 * the encoder releases; this class never releases {@code writeData()}. Data-In segments are moved
 * into the task's read composite, which the {@link ScsiResult} takes over on success and
 * {@link ScsiTask#releaseBuffers()} releases otherwise.
 */
final class ScsiCommands {
    /** The sense of every response that has none: one shared array (an empty array cannot change). */
    private static final byte[] NO_SENSE = new byte[0];

    private final SessionContext ctx;
    private final Logout logout;

    ScsiCommands(SessionContext ctx, Logout logout) {
        this.ctx = ctx;
        this.logout = logout;
    }

    // ---------------------------------------------------------------- submission

    void submit(ScsiTask task) {
        if (ctx.state() != SessionState.LOGGED_IN) {
            task.fail(ctx.notLoggedIn());
            return;
        }
        task.itt = ctx.tasks.add(task);
        task.deadlineNanos = ctx.now() + ctx.config.commandTimeout().toNanos();
        if (ctx.waiting.isEmpty() && ctx.window.open()) {
            send(task);
        } else {
            ctx.waiting.add(task);
        }
    }

    /** Sends the commands waiting for the window, as far as it is open. */
    void drainWaiting() {
        boolean wrote = false;
        while (!ctx.waiting.isEmpty() && ctx.window.open() && ctx.state() == SessionState.LOGGED_IN) {
            send(ctx.waiting.poll());
            wrote = true;
        }
        if (wrote) {
            ctx.channel.flush();
        }
    }

    private void send(ScsiTask task) {
        ScsiRequest r = task.request;
        SessionParameters params = ctx.params;
        task.cmdSn = ctx.window.take();
        task.sent = true;
        ctx.counters.commandSent();
        ByteBuf immediate = Unpooled.EMPTY_BUFFER;
        int unsolicited = 0;
        if (r.direction() == ScsiRequest.Direction.WRITE) {
            int length = r.expectedLength();
            int immediateLength = params.immediateData()
                    ? Math.min(length, Math.min(params.firstBurstLength(), params.maxXmitDataSegmentLength())) : 0;
            unsolicited = params.initialR2T() ? immediateLength : Math.min(length, params.firstBurstLength());
            if (immediateLength > 0) {
                ByteBuf data = r.writeData();
                immediate = data.retainedSlice(data.readerIndex(), immediateLength);
            }
            ctx.counters.bytesWritten += length;
            boolean finalPdu = unsolicited == immediateLength;
            ctx.channel.write(new ScsiCommand(false, finalPdu, false, true, ScsiCommand.ATTR_SIMPLE, r.lun(),
                    task.itt, length, task.cmdSn, ctx.expStatSn, r.cdb(), immediate));
            if (unsolicited > immediateLength) {
                sendDataOut(task, Pdu.RESERVED_TAG, immediateLength, unsolicited - immediateLength);
            }
        } else {
            boolean read = r.direction() == ScsiRequest.Direction.READ;
            ctx.channel.write(new ScsiCommand(false, true, read, false, ScsiCommand.ATTR_SIMPLE, r.lun(),
                    task.itt, r.expectedLength(), task.cmdSn, ctx.expStatSn, r.cdb(), Unpooled.EMPTY_BUFFER));
        }
        ctx.channel.flush();
    }

    /** Sends [offset, offset+length) of a write as Data-Out PDUs no larger than the target accepts. */
    private void sendDataOut(ScsiTask task, int ttt, int offset, int length) {
        ByteBuf data = task.request.writeData();
        int max = ctx.params.maxXmitDataSegmentLength();
        int end = offset + length;
        int dataSn = 0;
        for (int o = offset; o < end; o += max) {
            int n = Math.min(max, end - o);
            ctx.channel.write(new DataOut(o + n == end, task.request.lun(), task.itt, ttt, ctx.expStatSn, dataSn++, o,
                    data.retainedSlice(data.readerIndex() + o, n)));
            ctx.counters.dataOutPdus++;
        }
    }

    // ---------------------------------------------------------------- receive

    private ScsiTask scsiTask(int itt, Pdu pdu) {
        if (!(ctx.tasks.get(itt) instanceof ScsiTask task)) {
            pdu.release();
            throw new SessionProtocolException(pdu.opcode() + " for unknown ITT 0x" + Integer.toHexString(itt));
        }
        return task;
    }

    void onDataIn(DataIn d) {
        ScsiTask task = scsiTask(d.initiatorTaskTag(), d);
        if (d.statusPresent()) {
            ctx.advanceStatSn(d.statSn());
        }
        int length = d.data().readableBytes();
        if (length > 0) {
            if (task.request.direction() != ScsiRequest.Direction.READ) {
                d.release();
                throw new SessionProtocolException("Data-In for " + task.request.description()
                        + " which reads no data (ITT 0x" + Integer.toHexString(task.itt) + ")");
            }
            if (d.bufferOffset() != task.received) {
                d.release();
                throw new SessionProtocolException("Data-In BufferOffset " + Integer.toUnsignedString(d.bufferOffset())
                        + " for ITT 0x" + Integer.toHexString(task.itt) + ", expected " + task.received
                        + " (DataPDUInOrder=Yes)");
            }
            if ((long) task.received + length > task.request.expectedLength()) {
                d.release();
                throw new SessionProtocolException("Data-In for ITT 0x" + Integer.toHexString(task.itt)
                        + " exceeds the expected transfer length " + task.request.expectedLength());
            }
            task.readBuffer(ctx.channel.alloc()).addComponent(true, d.data());
            task.received += length;
            ctx.counters.bytesRead += length;
        } else {
            d.release();
        }
        if (d.statusPresent()) {
            complete(task, d.status(), NO_SENSE, d.residualUnderflow(), d.residualOverflow(), d.residualCount());
        }
    }

    void onScsiResponse(ScsiResponse r) {
        ScsiTask task = scsiTask(r.initiatorTaskTag(), r);
        byte[] sense;
        try {
            sense = senseOf(r.data());
        } finally {
            r.release();
        }
        if (r.response() != 0) {
            finishTask(task);
            task.future.completeExceptionally(new SessionException(SessionException.Kind.TIMEOUT,
                    task.request.description() + " on " + ctx.name + ": target failure (iSCSI response 0x"
                            + Integer.toHexString(r.response()) + ")"));
            return;
        }
        complete(task, r.status(), sense, r.residualUnderflow(), r.residualOverflow(), r.residualCount());
    }

    private static byte[] senseOf(ByteBuf segment) {
        if (segment.readableBytes() < 2) {
            return NO_SENSE;
        }
        int senseLength = segment.getUnsignedShort(segment.readerIndex());
        if (senseLength > segment.readableBytes() - 2) {
            throw new SessionProtocolException("SCSI Response SenseLength " + senseLength
                    + " exceeds the data segment (" + (segment.readableBytes() - 2) + " bytes)");
        }
        byte[] sense = new byte[senseLength];
        segment.getBytes(segment.readerIndex() + 2, sense);
        return sense;
    }

    private void complete(ScsiTask task, int status, byte[] sense, boolean under, boolean over, int residual) {
        finishTask(task);
        ByteBuf data = task.readData != null ? task.readData : Unpooled.EMPTY_BUFFER;
        task.readData = null;
        task.releaseBuffers();
        task.future.complete(new ScsiResult(status, sense, data, under, over, residual));
    }

    private void finishTask(ScsiTask task) {
        ctx.tasks.remove(task.itt);
        if (task.sent) {
            ctx.counters.commandEnded();
        }
        if (ctx.state() == SessionState.LOGGING_OUT) {
            logout.maybeSend();
        }
    }

    void onR2t(R2t r) {
        ScsiTask task = scsiTask(r.initiatorTaskTag(), r);
        ctx.counters.r2ts++;
        if (task.request.direction() != ScsiRequest.Direction.WRITE) {
            throw new SessionProtocolException("R2T for " + task.request.description() + " which writes no data");
        }
        long end = (long) r.bufferOffset() + Integer.toUnsignedLong(r.desiredDataTransferLength());
        if (r.bufferOffset() < 0 || end > task.request.expectedLength() || r.desiredDataTransferLength() == 0) {
            throw new SessionProtocolException("R2T BufferOffset " + Integer.toUnsignedString(r.bufferOffset())
                    + " DesiredDataTransferLength " + Integer.toUnsignedString(r.desiredDataTransferLength())
                    + " outside the " + task.request.expectedLength() + "-byte write (ITT 0x"
                    + Integer.toHexString(task.itt) + ")");
        }
        if (Integer.toUnsignedLong(r.desiredDataTransferLength()) > ctx.params.maxBurstLength()) {
            throw new SessionProtocolException("R2T DesiredDataTransferLength " + Integer.toUnsignedString(r.desiredDataTransferLength())
                    + " exceeds MaxBurstLength " + ctx.params.maxBurstLength());
        }
        sendDataOut(task, r.targetTransferTag(), r.bufferOffset(), r.desiredDataTransferLength());
    }

    /** Fails a task that the target no longer holds, as retryable. */
    void abandon(ScsiTask task, SessionException.Kind kind, String message) {
        ctx.tasks.remove(task.itt);
        ctx.waiting.remove(task);
        if (task.sent) {
            ctx.counters.commandEnded();
        }
        ctx.counters.timeouts++;
        task.fail(new SessionException(kind, message));
        if (ctx.state() == SessionState.LOGGING_OUT) {
            logout.maybeSend();
        }
    }
}
