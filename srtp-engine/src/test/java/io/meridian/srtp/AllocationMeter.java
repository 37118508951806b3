package io.meridian.srtp;

import com.sun.management.ThreadMXBean;
import java.lang.management.ManagementFactory;

/** Bytes the current thread allocates while some work runs, by HotSpot's per-thread counter. */
final class AllocationMeter {
    private AllocationMeter() {
    }

    /** The work is made before the measurement starts, so a capturing lambda's own allocation does not count. */
    static long allocatedBy(Runnable work) {
        ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();
        work.run();
        return threads.getCurrentThreadAllocatedBytes() - before;
    }
}
