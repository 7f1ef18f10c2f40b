#!/usr/bin/env python3
"""Writes the TCP payload of every iSCSI connection in a pcap as hex, one file per direction.

Usage: extract_streams.py PCAP OUTPUT_DIR NAME COMMAND

For connection number N (in order of appearance) it writes NAME-cN.initiator.hex (initiator to
target) and NAME-cN.target.hex. Each file starts with '#' comment lines (the command, the
direction, the byte count) followed by the payload, 32 bytes per line. Segments are put in TCP
sequence order; a gap, an overlap that disagrees, or a missing FIN is an error, so an incomplete
capture never becomes a test vector.
"""
import subprocess
import sys
from collections import defaultdict

TARGET_PORT = 3260


def main():
    pcap, out_dir, name, command = sys.argv[1:5]
    fields = ["tcp.stream", "tcp.srcport", "tcp.seq", "tcp.len", "tcp.flags.fin", "tcp.payload"]
    cmd = ["tshark", "-r", pcap, "-o", "tcp.relative_sequence_numbers:TRUE", "-T", "fields"]
    for f in fields:
        cmd += ["-e", f]
    rows = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout.splitlines()
    segments = defaultdict(list)  # (stream, direction) -> [(seq, bytes)]
    fins = set()
    streams = []
    for row in rows:
        stream, sport, seq, length, fin, payload = (row.split("\t") + [""] * 6)[:6]
        direction = "target" if int(sport) == TARGET_PORT else "initiator"
        if stream not in streams:
            streams.append(stream)
        if fin in ("1", "True"):
            fins.add((stream, direction))
        if int(length) > 0:
            segments[(stream, direction)].append((int(seq), bytes.fromhex(payload.replace(":", ""))))
    if not streams:
        sys.exit(f"{pcap}: no TCP connection to port {TARGET_PORT} captured")
    for index, stream in enumerate(streams):
        for direction in ("initiator", "target"):
            if (stream, direction) not in fins:
                sys.exit(f"{pcap}: stream {stream} {direction} direction has no FIN: capture incomplete")
            data = assemble(pcap, stream, direction, segments[(stream, direction)])
            path = f"{out_dir}/{name}-c{index + 1}.{direction}.hex"
            with open(path, "w") as out:
                out.write(f"# command: {command}\n")
                out.write(f"# direction: {direction} to {'initiator' if direction == 'target' else 'target'}\n")
                out.write(f"# bytes: {len(data)}\n")
                for i in range(0, len(data), 32):
                    out.write(data[i:i + 32].hex() + "\n")


def assemble(pcap, stream, direction, segs):
    data = bytearray()
    next_seq = 1  # relative sequence numbers: the SYN takes 0
    for seq, payload in sorted(segs, key=lambda s: s[0]):
        if seq + len(payload) <= next_seq:
            continue  # retransmission of data already placed
        if seq > next_seq:
            sys.exit(f"{pcap}: stream {stream} {direction}: gap at relative seq {next_seq}..{seq}")
        data += payload[next_seq - seq:]
        next_seq = seq + len(payload)
    return bytes(data)


if __name__ == "__main__":
    main()
