package io.lunbridge.it.harness;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What an {@link IstgtTarget} serves, and how it renders into {@code istgt.conf} and the auth file.
 *
 * <p>Why: istgt is configured only through files; a builder keeps tests declarative and puts the
 * peer quirks in one place (a CHAP-offering discovery login needs a DiscoveryAuthGroup, or istgt
 * answers 0x0201). All logical units share auth group 1 ({@code AuthGroup1}).
 *
 * @param nodeBase                 NodeBase; target names become {@code nodeBase:targetName}
 * @param logicalUnits             the targets, each with its LUNs
 * @param discoveryAuth            DiscoveryAuthMethod
 * @param users                    CHAP users of auth group 1 (initiator credentials)
 * @param mutual                   the target's own credential for mutual CHAP, if any
 * @param maxRecvDataSegmentLength MaxRecvDataSegmentLength
 * @param firstBurstLength         FirstBurstLength
 * @param maxBurstLength           MaxBurstLength
 */
public record IstgtConfig(String nodeBase, List<LogicalUnit> logicalUnits, AuthMethod discoveryAuth,
                          List<ChapCredential> users, Optional<ChapCredential> mutual,
                          int maxRecvDataSegmentLength, int firstBurstLength, int maxBurstLength) {

    /** Port of istgt's unit-control portal, on the namespace's 127.0.0.1. */
    public static final int UNIT_CONTROL_PORT = 3261;

    /** istgt's AuthMethod values. */
    public enum AuthMethod {
        /** No authentication. */
        NONE("None"),
        /** Initiator may choose. */
        AUTO("Auto"),
        /** CHAP required. */
        CHAP("CHAP"),
        /** CHAP in both directions required. */
        CHAP_MUTUAL("CHAP Mutual");

        private final String configValue;

        AuthMethod(String configValue) {
            this.configValue = configValue;
        }

        /** The value as written in istgt.conf. */
        public String configValue() {
            return configValue;
        }
    }

    /**
     * One istgt logical unit = one iSCSI target with LUNs 0..n-1 (istgt's data LUNs start at 0).
     *
     * @param targetName the TargetName (appended to NodeBase)
     * @param lunSizes   size in bytes of LUN 0, 1, ...; each a positive multiple of 512
     * @param auth       AuthMethod of this target
     */
    public record LogicalUnit(String targetName, List<Long> lunSizes, AuthMethod auth) {

        /** Validates the name and LUN sizes. */
        public LogicalUnit {
            Objects.requireNonNull(targetName, "targetName");
            if (!targetName.matches("[a-z0-9.:-]+")) {
                throw new IllegalArgumentException("istgt TargetName must be [a-z0-9.:-]+, got '" + targetName + "'");
            }
            lunSizes = List.copyOf(lunSizes);
            if (lunSizes.isEmpty()) {
                throw new IllegalArgumentException("logical unit '" + targetName + "' needs at least LUN 0");
            }
            for (int i = 0; i < lunSizes.size(); i++) {
                long size = lunSizes.get(i);
                if (size <= 0 || size % 512 != 0) {
                    throw new IllegalArgumentException("logical unit '" + targetName + "' LUN" + i
                            + " size must be a positive multiple of 512, got " + size);
                }
            }
            Objects.requireNonNull(auth, "auth");
        }
    }

    /** Validates the whole configuration. */
    public IstgtConfig {
        Objects.requireNonNull(nodeBase, "nodeBase");
        logicalUnits = List.copyOf(logicalUnits);
        users = List.copyOf(users);
        Objects.requireNonNull(discoveryAuth, "discoveryAuth");
        Objects.requireNonNull(mutual, "mutual");
        if (logicalUnits.isEmpty()) {
            throw new IllegalArgumentException("istgt config needs at least one logical unit");
        }
        boolean needsUsers = discoveryAuth == AuthMethod.CHAP || discoveryAuth == AuthMethod.CHAP_MUTUAL
                || logicalUnits.stream().anyMatch(lu -> lu.auth() == AuthMethod.CHAP || lu.auth() == AuthMethod.CHAP_MUTUAL);
        if (needsUsers && users.isEmpty()) {
            throw new IllegalArgumentException("istgt config requires CHAP but has no CHAP users");
        }
        boolean needsMutual = discoveryAuth == AuthMethod.CHAP_MUTUAL
                || logicalUnits.stream().anyMatch(lu -> lu.auth() == AuthMethod.CHAP_MUTUAL);
        if (needsMutual && mutual.isEmpty()) {
            throw new IllegalArgumentException("istgt config requires mutual CHAP but has no target credential");
        }
        if (maxRecvDataSegmentLength < 512 || firstBurstLength < 512 || maxBurstLength < firstBurstLength) {
            throw new IllegalArgumentException("bad istgt lengths: MaxRecvDataSegmentLength=" + maxRecvDataSegmentLength
                    + " FirstBurstLength=" + firstBurstLength + " MaxBurstLength=" + maxBurstLength);
        }
    }

    /** A builder with tgtd-like defaults (8192 / 65536 / 262144, no auth). */
    public static Builder builder() {
        return new Builder();
    }

    /** The full IQN of {@code lu}. */
    public String iqn(LogicalUnit lu) {
        return nodeBase + ":" + lu.targetName();
    }

    /** Path of the backing file of LUN {@code lun} of logical unit number {@code luIndex} (0-based). */
    public static Path backingFile(Path workDir, int luIndex, int lun) {
        return workDir.resolve("lu" + (luIndex + 1) + "-lun" + lun + ".img");
    }

    /** Renders istgt.conf for a portal on {@code portalAddress}:3260 with files under {@code workDir}. */
    public String render(Path workDir, String portalAddress) {
        StringBuilder sb = new StringBuilder();
        sb.append("[Global]\n")
                .append("  NodeBase \"").append(nodeBase).append("\"\n")
                .append("  PidFile ").append(workDir.resolve("istgt.pid")).append('\n')
                .append("  AuthFile ").append(workDir.resolve("auth.conf")).append('\n')
                .append("  MediaDirectory ").append(workDir).append('\n')
                .append("  Timeout 30\n  NopInInterval 20\n")
                .append("  DiscoveryAuthMethod ").append(discoveryAuth.configValue()).append('\n');
        if (!users.isEmpty()) {
            // without it a CHAP-offering discovery login fails with status 0x0201
            sb.append("  DiscoveryAuthGroup AuthGroup1\n");
        }
        sb.append("  MaxSessions 16\n  MaxConnections 4\n")
                .append("  MaxRecvDataSegmentLength ").append(maxRecvDataSegmentLength).append('\n')
                .append("  FirstBurstLength ").append(firstBurstLength).append('\n')
                .append("  MaxBurstLength ").append(maxBurstLength).append('\n')
                .append("  InitialR2T Yes\n  ImmediateData Yes\n");
        sb.append("[UnitControl]\n  AuthMethod None\n  Portal UC1 127.0.0.1:").append(UNIT_CONTROL_PORT)
                .append("\n  Netmask 127.0.0.1\n");
        sb.append("[PortalGroup1]\n  Portal DA1 ").append(portalAddress).append(":").append(IstgtTarget.PORT).append('\n');
        sb.append("[InitiatorGroup1]\n  InitiatorName \"ALL\"\n  Netmask 198.18.0.0/15\n");
        for (int i = 0; i < logicalUnits.size(); i++) {
            LogicalUnit lu = logicalUnits.get(i);
            sb.append("[LogicalUnit").append(i + 1).append("]\n")
                    .append("  TargetName ").append(lu.targetName()).append('\n')
                    .append("  Mapping PortalGroup1 InitiatorGroup1\n")
                    .append("  AuthMethod ").append(lu.auth().configValue()).append('\n');
            if (!users.isEmpty()) {
                sb.append("  AuthGroup AuthGroup1\n");
            }
            sb.append("  UseDigest Auto\n  UnitType Disk\n");
            for (int lun = 0; lun < lu.lunSizes().size(); lun++) {
                sb.append("  LUN").append(lun).append(" Storage ").append(backingFile(workDir, i, lun))
                        .append(" Auto\n");
            }
        }
        return sb.toString();
    }

    /** Renders the auth file (contains secrets: write it with owner-only permissions, never log it). */
    public String renderAuth() {
        StringBuilder sb = new StringBuilder("[AuthGroup1]\n");
        for (ChapCredential user : users) {
            sb.append("  Auth \"").append(user.user()).append("\" \"").append(user.secret()).append('"');
            mutual.ifPresent(m -> sb.append(" \"").append(m.user()).append("\" \"").append(m.secret()).append('"'));
            sb.append('\n');
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return "IstgtConfig[nodeBase=" + nodeBase + ", logicalUnits=" + logicalUnits + ", discoveryAuth="
                + discoveryAuth + ", users=" + users + ", mutual=" + mutual + "]";
    }

    /** Builds an {@link IstgtConfig}. */
    public static final class Builder {
        private String nodeBase = "iqn.2024-01.io.lunbridge.istgt";
        private final List<LogicalUnit> logicalUnits = new ArrayList<>();
        private AuthMethod discoveryAuth = AuthMethod.NONE;
        private final List<ChapCredential> users = new ArrayList<>();
        private ChapCredential mutual;
        private int maxRecvDataSegmentLength = 8192;
        private int firstBurstLength = 65536;
        private int maxBurstLength = 262144;

        private Builder() {
        }

        /** Sets NodeBase. */
        public Builder nodeBase(String value) {
            this.nodeBase = value;
            return this;
        }

        /** Adds a target {@code targetName} with LUNs 0.. of the given sizes and auth method. */
        public Builder logicalUnit(String targetName, AuthMethod auth, long... lunSizes) {
            List<Long> sizes = new ArrayList<>();
            for (long size : lunSizes) {
                sizes.add(size);
            }
            logicalUnits.add(new LogicalUnit(targetName, sizes, auth));
            return this;
        }

        /** Sets DiscoveryAuthMethod. */
        public Builder discoveryAuth(AuthMethod value) {
            this.discoveryAuth = value;
            return this;
        }

        /** Adds a CHAP user to auth group 1. */
        public Builder chapUser(String user, String secret) {
            users.add(new ChapCredential(user, secret));
            return this;
        }

        /** Sets the target's own credential for mutual CHAP. */
        public Builder mutualChap(String user, String secret) {
            this.mutual = new ChapCredential(user, secret);
            return this;
        }

        /** Sets MaxRecvDataSegmentLength. */
        public Builder maxRecvDataSegmentLength(int value) {
            this.maxRecvDataSegmentLength = value;
            return this;
        }

        /** Sets FirstBurstLength. */
        public Builder firstBurstLength(int value) {
            this.firstBurstLength = value;
            return this;
        }

        /** Sets MaxBurstLength. */
        public Builder maxBurstLength(int value) {
            this.maxBurstLength = value;
            return this;
        }

        /** The validated configuration. */
        public IstgtConfig build() {
            return new IstgtConfig(nodeBase, logicalUnits, discoveryAuth, users, Optional.ofNullable(mutual),
                    maxRecvDataSegmentLength, firstBurstLength, maxBurstLength);
        }
    }
}
