package io.meridian.loadgen;

import io.meridian.srtp.SrtpProfile;

import java.io.IOException;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Joins a scenario's participants to a target, wave by wave (see {@link Scenario.Participant#wave}): sequential
 * participants one after the other, a storm wave all released at the same instant from threads of their own. Every
 * wait is bounded; a failed join is counted and reported, never retried.
 */
final class Joiner implements AutoCloseable {
    private final BenchTarget target;
    private final List<SrtpProfile> profiles;
    private final MeasurementWindow window;
    private final ProgressBar progress;
    private final MediaPacer pacer;
    private final ConsentRefresher consent;
    private final ProcessCpuClock serverCpu;
    /** A process using less than this share of one core is settled. */
    private static final double QUIET_CPU_SHARE = 0.05;
    private static final long SETTLE_LIMIT_NANOS = TimeUnit.SECONDS.toNanos(30);
    private final ProcessCpuClock generatorCpu = new ProcessCpuClock(ProcessHandle.current().pid());
    private final ExecutorService handshakeThreads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "bench-join");
        t.setDaemon(true);
        return t;
    });
    final List<BenchParticipant> joined = new ArrayList<>();
    /** Participants whose join started while media was already flowing: their join time is measured. */
    final List<BenchParticipant> timedJoins = new ArrayList<>();
    final Map<BenchParticipant, String> conferences = new IdentityHashMap<>();
    /** How many have joined, for other threads (the load sampler). */
    final AtomicInteger joinedCount = new AtomicInteger();
    /** Joined warm-up participants, who leave before the first participant that is not one joins. */
    private final List<BenchParticipant> warmups = new ArrayList<>();
    /** The storm participants of the last warm-up round, who leave with its publisher before the next round. */
    private final List<BenchParticipant> warmupStorm = new ArrayList<>();
    int failures;
    /**
     * CPU the server and this generator spent per join of the last storm wave that met flowing media, from its
     * release until every join returned (answer, ICE, DTLS and events socket done); NaN without such a wave.
     */
    double stormServerCpuMillisPerJoin = Double.NaN;
    double stormGeneratorCpuMillisPerJoin = Double.NaN;
    /** The server's CPU of that wave per join by thread group, largest first (empty without such a wave). */
    Map<String, Double> stormServerCpuByThread = Map.of();
    private final ThreadCpu serverThreads;
    private int streamId = 1;

    Joiner(BenchTarget target, List<SrtpProfile> profiles, MeasurementWindow window, ProgressBar progress,
           MediaPacer pacer, ConsentRefresher consent, ProcessCpuClock serverCpu) {
        this.target = target;
        this.serverCpu = serverCpu;
        this.serverThreads = new ThreadCpu(serverCpu.pid());
        this.profiles = profiles;
        this.window = window;
        this.progress = progress;
        this.pacer = pacer;
        this.consent = consent;
    }

    /** Joins everyone in {@code plan}, giving up on what is left at {@code deadlineNanos}. */
    void joinAll(List<Scenario.Participant> plan, long deadlineNanos) throws InterruptedException {
        int done = 0;
        for (List<Scenario.Participant> wave : waves(plan)) {
            if (System.nanoTime() > deadlineNanos) {
                failures += plan.size() - done;
                return;
            }
            if (!wave.get(0).warmup() && !warmups.isEmpty()) {
                progress.status("warm-up participants leaving (" + warmups.size() + ")");
                leave(List.copyOf(warmups));
            } else if (wave.size() == 1 && !warmupStorm.isEmpty()) {
                // A warm-up publisher opens a conference of its own: the previous warm-up conference ends first, so
                // each storm meets a new conference with its publisher alone, as the measured one will.
                leave(List.copyOf(warmups));
            }
            progress.update("joining ", done, plan.size(), "");
            if (wave.size() == 1) {
                joinOne(create(wave.get(0)), wave.get(0));
            } else {
                if (!wave.get(0).warmup()) {
                    settle(deadlineNanos);
                }
                joinAtOnce(wave, deadlineNanos);
            }
            done += wave.size();
        }
    }

    private void leave(List<BenchParticipant> leaving) {
        for (BenchParticipant p : leaving) {
            pacer.remove(p);
            consent.remove(p);
            joined.remove(p);
            conferences.remove(p);
            warmups.remove(p);
            warmupStorm.remove(p);
            joinedCount.decrementAndGet();
            p.close();
        }
    }

    private BenchParticipant create(Scenario.Participant planned) {
        BenchParticipant p = target.participant(planned, streamId, window);
        streamId += 2;
        return p;
    }

    private void joinOne(BenchParticipant p, Scenario.Participant planned) {
        boolean mediaFlowing = pacer.hasPublishers();
        try {
            p.join(profiles, handshakeThreads);
        } catch (IOException e) {
            failed(p, e);
            return;
        }
        added(p, planned, mediaFlowing);
    }

    /** Every participant of the wave starts its join at the same instant (a latch), each on its own thread. */
    private void joinAtOnce(List<Scenario.Participant> wave, long deadlineNanos) throws InterruptedException {
        boolean mediaFlowing = pacer.hasPublishers();
        CountDownLatch start = new CountDownLatch(1);
        List<BenchParticipant> members = new ArrayList<>();
        List<Future<?>> outcomes = new ArrayList<>();
        for (Scenario.Participant planned : wave) {
            BenchParticipant p = create(planned);
            members.add(p);
            outcomes.add(handshakeThreads.submit(() -> {
                start.await();
                p.join(profiles, handshakeThreads);
                return null;
            }));
        }
        Map<String, ThreadCpu.Sample> threadsBefore = serverThreads.snapshot();
        long[] cpuBefore = cpuMicros();
        start.countDown();
        for (int i = 0; i < wave.size(); i++) {
            try {
                outcomes.get(i).get(Math.max(1, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
                added(members.get(i), wave.get(i), mediaFlowing);
            } catch (ExecutionException e) {
                failed(members.get(i), e.getCause());
            } catch (TimeoutException e) {
                outcomes.get(i).cancel(true);
                failed(members.get(i), e);
            }
        }
        long[] cpuAfter = cpuMicros();
        Map<String, ThreadCpu.Sample> threadsAfter = serverThreads.snapshot();
        if (mediaFlowing && !wave.get(0).warmup() && cpuBefore != null && cpuAfter != null) {
            stormServerCpuByThread = ThreadCpu.between(threadsBefore, threadsAfter, wave.size());
            stormServerCpuMillisPerJoin = (cpuAfter[0] - cpuBefore[0]) / 1e3 / wave.size();
            stormGeneratorCpuMillisPerJoin = (cpuAfter[1] - cpuBefore[1]) / 1e3 / wave.size();
        }
    }

    /**
     * Before a measured storm: waits (bounded) until neither process has used more than {@link #QUIET_CPU_SHARE} of a
     * core for a second. The warm-up storms leave both JIT compilers with a queue of work; measured straight after
     * them, compilation took about half of the node's CPU during the storm, which a node that has run for a while
     * no longer pays.
     */
    private void settle(long deadlineNanos) throws InterruptedException {
        long until = Math.min(deadlineNanos, System.nanoTime() + SETTLE_LIMIT_NANOS);
        long[] before = cpuMicros();
        while (before != null && System.nanoTime() < until) {
            progress.status("waiting for the server and generator to settle (JIT) before the storm");
            Thread.sleep(1000);
            long[] after = cpuMicros();
            if (after == null || (after[0] - before[0] < QUIET_CPU_SHARE * 1e6
                    && after[1] - before[1] < QUIET_CPU_SHARE * 1e6)) {
                return;
            }
            before = after;
        }
    }

    /** Server and generator CPU so far, or null if either cannot be read (the figure is then left out). */
    private long[] cpuMicros() {
        try {
            return new long[] {serverCpu.cpuMicros(), generatorCpu.cpuMicros()};
        } catch (IOException e) {
            return null;
        }
    }

    private void added(BenchParticipant p, Scenario.Participant planned, boolean mediaFlowing) {
        joined.add(p);
        joinedCount.incrementAndGet();
        conferences.put(p, planned.conferenceId());
        pacer.add(p);
        consent.add(p);
        if (planned.warmup()) {
            warmups.add(p);
            if (planned.wave() != Scenario.SEQUENTIAL) {
                warmupStorm.add(p);
            }
        } else if (mediaFlowing) {
            timedJoins.add(p);
        }
    }

    private void failed(BenchParticipant p, Throwable cause) {
        failures++;
        System.err.println("\nbench: a join failed: " + cause.getMessage());
        p.close();
    }

    /** Consecutive participants of one storm wave together; each sequential participant alone. */
    static List<List<Scenario.Participant>> waves(List<Scenario.Participant> plan) {
        List<List<Scenario.Participant>> out = new ArrayList<>();
        for (Scenario.Participant p : plan) {
            List<Scenario.Participant> last = out.isEmpty() ? null : out.get(out.size() - 1);
            if (last != null && p.wave() != Scenario.SEQUENTIAL && last.get(0).wave() == p.wave()) {
                last.add(p);
            } else {
                out.add(new ArrayList<>(List.of(p)));
            }
        }
        return out;
    }

    @Override
    public void close() {
        handshakeThreads.shutdownNow();
    }
}
