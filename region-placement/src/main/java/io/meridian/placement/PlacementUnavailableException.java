package io.meridian.placement;

/** The shared placement store (Redis) cannot be reached now; new joins fail fast, calls in progress go on. */
public final class PlacementUnavailableException extends RuntimeException {
    public PlacementUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
