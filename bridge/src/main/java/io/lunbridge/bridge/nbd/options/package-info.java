/** NBD options phase: see {@link io.lunbridge.bridge.nbd}. */
package io.lunbridge.bridge.nbd.options;
