package io.lunbridge.mpio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PathPlanTest {
    /** /proc/net/route with eth0 default route, two test veths on 198.18.2.0/30 and 198.18.2.4/30. */
    private static final String ROUTE = "Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT\n"
            + "eth0\t00000000\t0100000A\t0003\t0\t0\t0\t00000000\t0\t0\t0\n"
            + "lbsa\t000212C6\t00000000\t0001\t0\t0\t0\tFCFFFFFF\t0\t0\t0\n"
            + "lbsb\t040212C6\t00000000\t0001\t0\t0\t0\tFCFFFFFF\t0\t0\t0\n";
    private static final String ROUTE6 = "fd0000000000000000000000000000aa 80 00000000000000000000000000000000 00 "
            + "00000000000000000000000000000000 00000100 00000001 00000000 00000001     lbsa\n";

    private final RouteTable routes = new RouteTable(concat(RouteTable.parseIpv4(ROUTE), RouteTable.parseIpv6(ROUTE6)));

    private static List<RouteTable.Route> concat(List<RouteTable.Route> a, List<RouteTable.Route> b) {
        List<RouteTable.Route> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    @Test
    void routesAreReadFromProcNetRoute() throws Exception {
        assertTrue(routes.reaches("lbsa", InetAddress.getByName("198.18.2.2")));
        assertTrue(!routes.reaches("lbsa", InetAddress.getByName("198.18.2.6")));
        assertTrue(routes.reaches("lbsb", InetAddress.getByName("198.18.2.6")));
        assertTrue(routes.reaches("eth0", InetAddress.getByName("198.18.2.6")), "the default route covers everything");
        assertTrue(routes.reaches("lbsa", InetAddress.getByName("fd00::aa")));
        assertTrue(!routes.reaches("lbsb", InetAddress.getByName("fd00::aa")));
    }

    @Test
    void everyPortalGoesThroughEveryInterfaceWithARouteToIt() {
        List<String> notes = new ArrayList<>();
        List<PathEndpoint> plan = PathPlan.plan(List.of(new PathPlan.Portal("198.18.2.2", 3260),
                new PathPlan.Portal("198.18.2.6", 3260)), List.of("lbsa", "lbsb"), routes, notes::add);
        assertEquals(List.of("lbsa->198.18.2.2:3260", "lbsb->198.18.2.6:3260"), plan.stream().map(PathEndpoint::id).toList());
        assertEquals(List.of("interface lbsb has no route to portal 198.18.2.2:3260: not a path",
                "interface lbsa has no route to portal 198.18.2.6:3260: not a path"), notes);
    }

    @Test
    void withoutInterfacesEachPortalIsOneUnboundPath() {
        List<PathEndpoint> plan = PathPlan.plan(List.of(new PathPlan.Portal("198.18.2.2", 3260),
                new PathPlan.Portal("198.18.2.6", 3261)), List.of(), routes, n -> { });
        assertEquals(List.of("198.18.2.2:3260", "198.18.2.6:3261"), plan.stream().map(PathEndpoint::id).toList());
    }

    @Test
    void aPortalNoInterfaceReachesIsAnErrorNamingBoth() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PathPlan.plan(
                List.of(new PathPlan.Portal("198.18.3.2", 3260)), List.of("lbsa", "lbsb"), routes, n -> { }));
        assertEquals("portal 198.18.3.2:3260 is not reachable through any of the interfaces lbsa, lbsb (no route out of "
                + "them covers 198.18.3.2; see `ip route`)", e.getMessage());
    }
}
