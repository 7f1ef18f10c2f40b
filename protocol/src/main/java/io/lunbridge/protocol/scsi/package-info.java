/**
 * SCSI for an iSCSI initiator, as pure code: CDB builders (SPC-4, SBC-4), parsers for the data
 * targets return (INQUIRY and VPD pages, REPORT LUNS, READ CAPACITY, MODE SENSE, GET LBA STATUS),
 * SAM-5 LUN addressing, status and sense decoding, and the mapping of SCSI errors to
 * {@link io.lunbridge.block.BlockIoException.Kind}. Nothing here touches the network: the session
 * engine sends the CDBs and feeds the parsers with Data-In bytes and sense data.
 *
 * <p>Parsers accept {@code byte[]} and, where the engine holds a Netty buffer, {@code ByteBuf}; a
 * {@code ByteBuf} is read at its reader index without being modified or released (the caller keeps
 * ownership). Malformed data raises {@link io.lunbridge.protocol.scsi.ScsiFormatException} with
 * the page or structure, the offset and the bad value.
 */
package io.lunbridge.protocol.scsi;
