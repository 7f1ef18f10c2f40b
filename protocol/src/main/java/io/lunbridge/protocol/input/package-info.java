/**
 * Reading untrusted text and bytes within bounds: strict UTF-8 text files read as a stream with a
 * byte ceiling ({@link io.lunbridge.protocol.input.TextSource}), small files read whole up to a
 * limit ({@link io.lunbridge.protocol.input.SmallFiles}), and the short, escaped excerpt that error
 * messages quote instead of a whole value ({@link io.lunbridge.protocol.input.Excerpt}). Every
 * parser of a file or a peer's bytes uses these so that no input can make it allocate or print
 * more than its limits.
 */
package io.lunbridge.protocol.input;
