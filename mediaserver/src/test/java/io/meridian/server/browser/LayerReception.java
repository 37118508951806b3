package io.meridian.server.browser;

import java.util.ArrayList;
import java.util.List;

/**
 * One receiver's samples of a publisher's video, for {@link SimulcastBrowserTest}: the last, the frame sizes in
 * the order it got them, the longest freeze seen.
 */
final class LayerReception {
    final List<String> sizes = new ArrayList<>();
    private DemoPage.RemoteStats last;
    double longestFreeze;

    /** Adds a sample; returns the length of the freeze it ended (an upper bound), 0 when none. */
    double add(DemoPage.RemoteStats now) {
        double froze = 0;
        if (last != null && now.freezeCount() > last.freezeCount()) {
            froze = now.totalFreezesDuration() - last.totalFreezesDuration();
            longestFreeze = Math.max(longestFreeze, froze);
        }
        if (now.frameWidth() > 0 && (sizes.isEmpty() || !sizes.get(sizes.size() - 1).equals(now.frameSize()))) {
            sizes.add(now.frameSize());
        }
        last = now;
        return froze;
    }

    DemoPage.RemoteStats last() {
        return last;
    }
}
