/** The block device seam between exporters (NBD, FUSE) and the iSCSI/multipath engine. */
package io.lunbridge.block;
