package io.meridian.server;

import io.meridian.server.config.ConfigException;
import io.meridian.server.config.ConfigLoader;
import io.meridian.server.config.MeridianConfig;
import io.meridian.server.config.Setting;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/** Command line: {@code meridian serve [options]} starts a node; {@code meridian help} lists every setting. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) throws Exception {
        String command = args.length == 0 ? "help" : args[0];
        List<String> rest = Arrays.asList(args).subList(Math.min(1, args.length), args.length);
        switch (command) {
            case "serve" -> serve(rest);
            case "help", "--help", "-h" -> usage();
            default -> {
                System.err.println("Unknown command '" + command + "'.");
                usage();
                System.exit(2);
            }
        }
    }

    private static void serve(List<String> args) throws Exception {
        // ice4j and jitsi-srtp log through java.util.logging; route them to the node's one log.
        org.slf4j.bridge.SLF4JBridgeHandler.removeHandlersForRootLogger();
        org.slf4j.bridge.SLF4JBridgeHandler.install();
        MeridianConfig config;
        try {
            config = ConfigLoader.load(args, System.getenv());
        } catch (ConfigException e) {
            System.err.println("meridian: configuration error: " + e.getMessage());
            System.exit(2);
            return;
        }
        MeridianServer server = MeridianServer.start(config);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "meridian-shutdown"));
        if (config.dev()) {
            System.out.println("""
                    *** DEVELOPMENT MODE: loopback only, NO AUTHENTICATION. Do not expose this node. ***""");
        }
        System.out.printf("Meridian node %s (region %s) ready: http://%s:%d/  media udp/%d, candidates %s%n",
                config.nodeId(), config.region(), hostForUrl(config.httpHost()), server.httpPort(),
                server.mediaPort(), config.publicAddresses());
        stopped.await();
    }

    private static String hostForUrl(String host) {
        return host.contains(":") ? "[" + host + "]" : host;
    }

    private static void usage() {
        StringBuilder sb = new StringBuilder("""
                Usage: meridian serve [--config FILE] [options]

                Every option is also an environment variable and a key in the --config properties file.
                Precedence: flags > environment > file > defaults.

                """);
        for (Setting s : Setting.values()) {
            sb.append(String.format("  %-34s %-40s default: %s%n      %s%n", s.flag(), s.environmentVariable(),
                    s.defaultValue().isEmpty() ? "(none)" : s.defaultValue(), s.description()));
        }
        System.out.print(sb);
    }
}
