package io.meridian.loadgen;

/** Whether the measured part of a run is in progress: latencies are recorded only while it is open. */
final class MeasurementWindow {
    private volatile boolean open;

    void open() {
        open = true;
    }

    void close() {
        open = false;
    }

    boolean isOpen() {
        return open;
    }
}
