package io.meridian.netlab;

/** Which way along a namespace's {@link Link} a shaping applies. */
public enum Direction {
    /** Out of the namespace: what its programs send (a browser's published media, its NACKs and reports). */
    UP,
    /** Into the namespace: what its programs receive (the media a browser subscribes to). */
    DOWN
}
