/**
 * Target discovery: SendTargets responses, and the portals and targets they describe.
 */
package io.lunbridge.protocol.discovery;
