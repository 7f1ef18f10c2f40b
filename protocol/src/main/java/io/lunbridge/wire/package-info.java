/**
 * What every decoder shares: {@link io.lunbridge.wire.MalformedInputException}, the one convention for
 * reporting malformed peer input (field and byte offset). Used by every module; refers to nothing
 * else of lunbridge.
 */
package io.lunbridge.wire;
