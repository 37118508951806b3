package io.meridian.server;

import io.meridian.server.config.ConfigException;
import io.meridian.server.config.ConfigLoader;
import io.meridian.server.config.MeridianConfig;
import io.meridian.server.config.Setting;
import io.meridian.server.lifecycle.NodeLifecycle;
import io.meridian.server.logging.LogSetup;

import java.util.Arrays;
import java.util.List;

/** Command line: {@code meridian serve [options]} starts a node; {@code meridian help} lists every setting. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) throws Exception {
        String command = args.length == 0 ? "help" : args[0];
        List<String> rest = Arrays.asList(args).subList(Math.min(1, args.length), args.length);
        switch (command) {
            case "serve" -> serve(rest);
            case "token" -> System.exit(TokenCommand.run(rest));
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
        LogSetup.configure(config.logFormat(), config.logLevel());
        org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(Main.class);
        MeridianServer server = MeridianServer.start(config);
        // SIGTERM/SIGINT drain, then close; a second signal exits at once (see NodeLifecycle).
        NodeLifecycle lifecycle = NodeLifecycle.install(server.conferences()::drain,
                server.conferences()::activeConferences, config.drainGracePeriod(), server::close);
        if (config.dev() && !config.authRequired()) {
            log.warn("*** DEVELOPMENT MODE: loopback only, NO AUTHENTICATION. Do not expose this node. ***");
        } else if (config.dev()) {
            log.warn("*** DEVELOPMENT MODE: loopback only; API tokens are required (auth.secret is set). ***");
        }
        log.info(String.format("Meridian node %s (region %s) ready: %s://%s:%d/  media udp/%d, candidates %s",
                config.nodeId(), config.region(), config.tlsCertificate().isPresent() ? "https" : "http",
                hostForUrl(config.httpHost()), server.httpPort(),
                server.mediaPort(), config.publicAddresses()));
        try {
            lifecycle.awaitStopAndClose();
        } catch (RuntimeException e) {
            log.error("error while stopping; exiting anyway", e);
            System.exit(1);
        }
        System.exit(0);
    }

    private static String hostForUrl(String host) {
        return host.contains(":") ? "[" + host + "]" : host;
    }

    private static void usage() {
        StringBuilder sb = new StringBuilder("""
                Usage: meridian serve [--config FILE] [options]
                       meridian token --conference ID|* --identity NAME [--operator] [--ttl-seconds N]

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
