package io.meridian.placement;

/** No live, non-draining node in the requested region nor in any region of its nearest list. */
public final class NoNodeAvailableException extends RuntimeException {
    public NoNodeAvailableException(String message) {
        super(message);
    }
}
