package io.meridian.loadgen;

import io.meridian.client.RtpSender;

/** A test's sender on which a key frame request can be set, as a node's PLI sets one on a transport. */
abstract class KeyframeRequestingSender implements RtpSender {
    boolean keyframeRequested;

    @Override
    public boolean takeKeyframeRequest() {
        boolean r = keyframeRequested;
        keyframeRequested = false;
        return r;
    }
}
