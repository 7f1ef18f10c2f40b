package io.lunbridge.cli;

import io.lunbridge.app.PortalAddress;
import io.lunbridge.app.TargetLuns;
import io.lunbridge.app.discovery.DiscoveryMethods;
import io.lunbridge.app.discovery.DiscoveryPolicy;
import io.lunbridge.app.discovery.TargetLookup;
import io.lunbridge.app.discovery.TargetRecord;
import io.lunbridge.protocol.discovery.Portal;
import io.lunbridge.protocol.initiator.Initiator;
import io.lunbridge.protocol.login.ChapCredentials;
import io.lunbridge.protocol.naming.IscsiName;
import java.util.Optional;

/**
 * Where and how to log in to a target: the given --portal and CHAP options, or, without --portal,
 * the first portal and the credentials of the record the discovery policy finds for it (CHAP
 * options on the command line still take precedence).
 */
record TargetAddressing(PortalAddress portal, Optional<ChapCredentials> chap) {

    /** Resolves where {@code target} is and logs in to it, opening its disk LUNs. */
    static TargetLuns openLuns(InitiatorOptions options, Initiator initiator, String portal, String target,
                               Optional<Integer> lun) throws Exception {
        TargetAddressing where = resolve(options, initiator, portal, target);
        return TargetLuns.open(initiator, where.portal().host(), where.portal().port(), target, where.chap(), lun);
    }

    static TargetAddressing resolve(InitiatorOptions options, Initiator initiator, String portal, String target) {
        Optional<ChapCredentials> given = options.chap();
        if (portal != null) {
            return new TargetAddressing(PortalAddress.parse(portal), given);
        }
        DiscoveryPolicy.Result result = new DiscoveryPolicy(
                DiscoveryMethods.fromConfiguration(options.configuration(), IscsiName.parse(initiator.settings().name()),
                        Optional.of(target)),
                (p, chap) -> initiator.sendTargets(p.host(), p.port(), chap)).run();
        TargetRecord record = TargetLookup.find(result, target);
        Portal first = record.portals().get(0);
        return new TargetAddressing(new PortalAddress(first.host(), first.port()),
                given.isPresent() ? given : record.chap());
    }
}
