package io.lunbridge.bridge.kernel;

/**
 * A generic netlink reply: the genlmsghdr command and version and the attributes after it.
 *
 * @param familyId nlmsg_type, the family that answered
 * @param cmd genlmsghdr cmd
 * @param version genlmsghdr version
 * @param attributes the parsed attributes
 */
public record GenlReply(int familyId, int cmd, int version, NetlinkAttributes attributes) {
}
