package io.meridian.loadgen;

import io.meridian.srtp.SrtpProfile;

import java.nio.file.Path;
import java.util.List;

/** The command line of {@code ./meridian bench}, validated. */
record BenchOptions(String scenario, int durationSeconds, String target, Path output, int participants,
                    int subscribers, int rooms, int storm, int videoKbps, SrtpProfile srtp, String serverHeap,
                    int mediaLoops, List<String> nodeSettings, boolean progress, String serverCpus,
                    String generatorCpus, List<String> versusSettings, String versusScenario, int rounds,
                    boolean tcp, boolean versusTcp, int receiverLoss, int versusReceiverLoss) {
    static final String USAGE = """
            usage: ./meridian bench --scenario NAME --duration SECONDS [options]
              --scenario NAME                   conference (a): one conference, everyone publishes;
                                                broadcast (b): one publisher, N subscribers;
                                                rooms (c): many 4-person conferences, everyone publishes;
                                                storm (d): N joins at once into a conference with one publisher;
                                                simulcast: 'conference' with three VP8 layers per publisher and
                                                receivers asking for mixed layers, side by side with 'conference'
                                                (see --versus-scenario)
              --duration SECONDS                length of the measured window (default 30)
              --target meridian|janus|both      server under test (default meridian, on loopback); janus: Janus
                                                VideoRoom (apt-get install janus) in a network namespace of
                                                its own (needs root); both: Meridian in such a namespace, then
                                                Janus, printed side by side with Janus/Meridian ratios
              --output FILE                     JSON result (default target/bench-<scenario>.json)
              --participants N                  conference size for 'conference' (default 25)
              --subscribers N                   subscribers for 'broadcast' (default 100, at most 1000)
              --rooms N                         4-person conferences for 'rooms' (default 25, at most 250)
              --storm N                         simultaneous joins for 'storm' (default 50, at most 500)
              --video-kbps K                    video bitrate per publisher (default 500)
              --srtp gcm|sha1                   SRTP profile: AEAD_AES_128_GCM (default) or AES_CM_128_HMAC_SHA1_80
              --server-heap SIZE                -Xmx of the node process (default 1g)
              --media-loops N                   the node's media.loops (default: the node's, one per processor)
              --node-option KEY=VALUE           any other node setting, e.g. retransmission.enabled=false (repeatable)
              --server-cpus LIST                run the server (Meridian or Janus) on these CPUs only (taskset -c
                                                syntax, e.g. 1 or 2-3), so the generator cannot take its cores
              --generator-cpus LIST             run the load generator on these CPUs only (e.g. 0); disjoint from
                                                --server-cpus for figures that are the server's own
              --versus KEY=VALUE                also run a second node with this setting added (repeatable), side
                                                by side with the first on the same CPUs, each with the scenario's
                                                participants, measured over the same seconds, in --rounds pairs;
                                                prints what the difference costs per egress packet (medians of the
                                                pairs); Meridian only
              --versus-scenario NAME            also run a second node with this scenario instead (same size and
                                                options), side by side as for --versus, and compare them per egress
                                                packet; simulcast's default is conference ('none': run it alone)
              --rounds N                        pairs of runs for --versus and --versus-scenario (default 3)
              --transport udp|tcp               how the participants reach the node's media: UDP (default) or
                                                ICE-TCP to its passive TCP candidate (RFC 6544); Meridian only
              --versus-transport udp|tcp        also run a second node whose participants use this transport,
                                                side by side as for --versus
              --receiver-loss PCT               every participant's link loses PCT % (0-50) of what the node sends,
                                                at random, and NACKs lost video, as a browser does (default 0)
              --versus-receiver-loss PCT        also run a second node whose participants' links lose PCT %,
                                                side by side as for --versus
              --no-progress                     no progress bar on stderr
            """;

    static BenchOptions parse(List<String> args) {
        String scenario = null;
        int duration = 30;
        String target = "meridian";
        Path output = null;
        int participants = 25;
        int subscribers = 100;
        int rooms = 25;
        int storm = 50;
        int videoKbps = 500;
        SrtpProfile srtp = SrtpProfile.AEAD_AES_128_GCM;
        String heap = "1g";
        int mediaLoops = 0;
        List<String> nodeSettings = new java.util.ArrayList<>();
        boolean progress = true;
        String serverCpus = "";
        String generatorCpus = "";
        List<String> versus = new java.util.ArrayList<>();
        String versusScenario = null;
        int rounds = 0;
        String transport = "udp";
        String versusTransport = null;
        int receiverLoss = 0;
        Integer versusReceiverLoss = null;
        for (int i = 0; i < args.size(); i++) {
            String flag = args.get(i);
            if (flag.equals("--no-progress")) {
                progress = false;
                continue;
            }
            if (i + 1 >= args.size()) {
                throw new IllegalArgumentException(flag + " needs a value");
            }
            String value = args.get(++i);
            switch (flag) {
                case "--scenario" -> scenario = value;
                case "--duration" -> duration = positive(flag, value);
                case "--target" -> target = value;
                case "--output" -> output = Path.of(value);
                case "--participants" -> participants = positive(flag, value);
                case "--subscribers" -> subscribers = positive(flag, value);
                case "--rooms" -> rooms = positive(flag, value);
                case "--storm" -> storm = positive(flag, value);
                case "--video-kbps" -> videoKbps = positive(flag, value);
                case "--srtp" -> srtp = switch (value) {
                    case "gcm" -> SrtpProfile.AEAD_AES_128_GCM;
                    case "sha1" -> SrtpProfile.AES_CM_128_HMAC_SHA1_80;
                    default -> throw new IllegalArgumentException("--srtp must be gcm or sha1, not '" + value + "'");
                };
                case "--server-heap" -> heap = value;
                case "--media-loops" -> mediaLoops = positive(flag, value);
                case "--node-option" -> nodeSettings.addAll(nodeOption(value));
                case "--server-cpus" -> serverCpus = cpuList(flag, value);
                case "--generator-cpus" -> generatorCpus = cpuList(flag, value);
                case "--versus" -> {
                    nodeOption(value);
                    versus.add(value);
                }
                case "--versus-scenario" -> versusScenario = value;
                case "--rounds" -> rounds = positive(flag, value);
                case "--transport" -> transport = transport(flag, value);
                case "--versus-transport" -> versusTransport = transport(flag, value);
                case "--receiver-loss" -> receiverLoss = percent(flag, value);
                case "--versus-receiver-loss" -> versusReceiverLoss = percent(flag, value);
                default -> throw new IllegalArgumentException("unknown option '" + flag + "'");
            }
        }
        if (scenario == null) {
            throw new IllegalArgumentException("--scenario is required");
        }
        if (!List.of("meridian", "janus", "both").contains(target)) {
            throw new IllegalArgumentException("--target must be meridian, janus or both, not '" + target + "'");
        }
        if (participants < 2) {
            throw new IllegalArgumentException("--participants must be at least 2");
        }
        if (subscribers > 1000) {
            throw new IllegalArgumentException("--subscribers is at most 1000");
        }
        if (rooms > 250) {
            throw new IllegalArgumentException("--rooms is at most 250");
        }
        if (storm > 500) {
            throw new IllegalArgumentException("--storm is at most 500");
        }
        Scenario named = Scenario.named(scenario);
        String name = named.name();
        if (versusScenario == null) {
            versusScenario = named.simulcast() && target.equals("meridian") ? "conference" : "none";
        }
        versusScenario = versusScenario.equals("none") ? "" : Scenario.named(versusScenario).name();
        boolean tcp = transport.equals("tcp");
        boolean versusTcp = versusTransport == null ? tcp : versusTransport.equals("tcp");
        boolean pairedByTransport = versusTransport != null && versusTcp != tcp
                || versusReceiverLoss != null && versusReceiverLoss != receiverLoss;
        int versusLoss = versusReceiverLoss == null ? receiverLoss : versusReceiverLoss;
        if (rounds > 0 && versus.isEmpty() && versusScenario.isEmpty() && !pairedByTransport) {
            throw new IllegalArgumentException("--rounds counts the pairs of a --versus, --versus-scenario or "
                    + "--versus-transport or --versus-receiver-loss comparison; add one");
        }
        if ((!versus.isEmpty() || !versusScenario.isEmpty() || pairedByTransport) && !target.equals("meridian")) {
            throw new IllegalArgumentException("--versus, --versus-scenario, --versus-transport and "
                    + "--versus-receiver-loss compare two "
                    + "Meridian nodes, so --target must be meridian");
        }
        if (receiverLoss > 0 && !target.equals("meridian")) {
            throw new IllegalArgumentException("--receiver-loss drives Meridian's synthetic participants; --target "
                    + "must be meridian");
        }
        if (tcp && !target.equals("meridian")) {
            throw new IllegalArgumentException("--transport tcp reaches Meridian's ICE-TCP port; --target must be "
                    + "meridian");
        }
        if (named.simulcast() && !target.equals("meridian")) {
            throw new IllegalArgumentException("the simulcast scenario drives Meridian's receive-video; --target "
                    + "must be meridian");
        }
        if (output == null) {
            output = Path.of("target", "bench-" + name + ".json");
        }
        return new BenchOptions(name, duration, target, output, participants, subscribers, rooms, storm, videoKbps,
                srtp, heap, mediaLoops, List.copyOf(nodeSettings), progress, serverCpus, generatorCpus,
                List.copyOf(versus), versusScenario, rounds == 0 ? 3 : rounds, tcp, versusTcp, receiverLoss,
                versusLoss);
    }

    /** Whether a second node runs beside the first ({@code --versus} or {@code --versus-scenario}). */
    boolean paired() {
        return !versusSettings.isEmpty() || !versusScenario.isEmpty() || versusTcp != tcp
                || versusReceiverLoss != receiverLoss;
    }

    /**
     * The other run of a pair: these options with the {@code --versus} settings added to the node's and the
     * {@code --versus-scenario} as its scenario, its files beside {@code <output>-versus.json} and no progress bar
     * (the first run of the pair shows its own).
     */
    BenchOptions versusRun() {
        List<String> settings = new java.util.ArrayList<>(nodeSettings);
        versusSettings.forEach(keyValue -> settings.addAll(nodeOption(keyValue)));
        return new BenchOptions(versusScenario.isEmpty() ? scenario : versusScenario, durationSeconds, target,
                BenchRunner.siblingOf(output, "-versus.json"), participants, subscribers, rooms, storm, videoKbps,
                srtp, serverHeap, mediaLoops, List.copyOf(settings), false, serverCpus, generatorCpus, List.of(), "",
                rounds, versusTcp, versusTcp, versusReceiverLoss, versusReceiverLoss);
    }

    /** What {@code --versus} and {@code --versus-transport} change, as the user wrote it. */
    String versusLabel() {
        List<String> out = new java.util.ArrayList<>(versusSettings);
        if (versusTcp != tcp) {
            out.add("transport=" + (versusTcp ? "tcp" : "udp"));
        }
        if (versusReceiverLoss != receiverLoss) {
            out.add("receiver-loss=" + versusReceiverLoss + "%");
        }
        return String.join(" ", out);
    }

    /** Settings passed to the node under test (Meridian only), as its command-line flags. */
    List<String> nodeOptions() {
        List<String> out = new java.util.ArrayList<>(nodeSettings);
        if (mediaLoops > 0) {
            out.addAll(List.of("--media-loops", Integer.toString(mediaLoops)));
        }
        return out;
    }

    /** What runs the server's command on {@link #serverCpus} ({@code taskset -c LIST}, which execs it), or nothing. */
    List<String> serverCpuPrefix() {
        return serverCpus.isEmpty() ? List.of() : List.of("taskset", "-c", serverCpus);
    }

    private static String transport(String flag, String value) {
        if (!value.equals("udp") && !value.equals("tcp")) {
            throw new IllegalArgumentException(flag + " must be udp or tcp, not '" + value + "'");
        }
        return value;
    }

    private static int percent(String flag, String value) {
        int pct;
        try {
            pct = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            pct = -1;
        }
        if (pct < 0 || pct > 50) {
            throw new IllegalArgumentException(flag + " takes a whole percentage from 0 to 50, not '" + value + "'");
        }
        return pct;
    }

    private static String cpuList(String flag, String value) {
        if (!value.matches("[0-9]+(-[0-9]+)?(,[0-9]+(-[0-9]+)?)*")) {
            throw new IllegalArgumentException(flag + " takes a CPU list such as 1 or 0,2-3, not '" + value + "'");
        }
        return value;
    }

    /** {@code key=value} as the node's flag and value ({@code retransmission.enabled=false}). */
    private static List<String> nodeOption(String keyValue) {
        int eq = keyValue.indexOf('=');
        if (eq <= 0) {
            throw new IllegalArgumentException("--node-option needs KEY=VALUE, not '" + keyValue + "'");
        }
        return List.of("--" + keyValue.substring(0, eq).replace('.', '-'), keyValue.substring(eq + 1));
    }

    static int positive(String flag, String value) {
        try {
            int n = Integer.parseInt(value);
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // Reported below.
        }
        throw new IllegalArgumentException(flag + " must be a positive whole number, not '" + value + "'");
    }
}
