package io.meridian.placement;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** The node choice rule shared by every placement: least loaded live, non-draining node, nearest region first. */
public final class NodeChooser {
    private NodeChooser() {
    }

    public static Optional<NodeInfo> choose(String requestedRegion, List<NodeInfo> liveNodes, RegionTable table) {
        for (String region : table.preferenceFor(requestedRegion)) {
            Optional<NodeInfo> best = liveNodes.stream()
                    .filter(n -> n.region().equals(region) && !n.draining())
                    .min(Comparator.comparingInt(NodeInfo::load).thenComparing(NodeInfo::nodeId));
            if (best.isPresent()) {
                return best;
            }
        }
        return Optional.empty();
    }
}
