package io.meridian.server;

import io.meridian.api.ApiTokens;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * {@code meridian token}: mints an API token (an HS256 JWT, see {@link ApiTokens}) and prints it on standard output.
 *
 * <pre>
 *   MERIDIAN_AUTH_SECRET=... meridian token --conference standup --identity alice
 *   MERIDIAN_AUTH_SECRET=... meridian token --conference '*' --identity ops --operator --ttl-seconds 600
 * </pre>
 */
public final class TokenCommand {
    static final long DEFAULT_TTL_SECONDS = 3600;
    /**
     * A token lives at most 30 days: long-lived bearer tokens cannot be revoked. Nodes refuse longer-lived ones by
     * default too (limits.token-lifetime-seconds).
     */
    static final long MAX_TTL_SECONDS = io.meridian.api.ApiAuth.DEFAULT_MAX_LIFETIME.toSeconds();
    private static final String SECRET_ENV = "MERIDIAN_AUTH_SECRET";

    private TokenCommand() {
    }

    /** Mints a token from {@code args}; returns the process exit code (0, or 2 for a usage error). */
    public static int run(List<String> args) {
        return run(args, System.getenv(), System.out, System.err);
    }

    /** As {@link #run(List)}, with the environment and output streams given (tests). */
    public static int run(List<String> args, Map<String, String> env, PrintStream out, PrintStream err) {
        String secret = env.get(SECRET_ENV);
        String conference = null;
        String identity = null;
        boolean operator = false;
        long ttl = DEFAULT_TTL_SECONDS;
        try {
            for (int i = 0; i < args.size(); i++) {
                String arg = args.get(i);
                String name = arg;
                String value = null;
                int eq = arg.indexOf('=');
                if (arg.startsWith("--") && eq > 0) {
                    name = arg.substring(0, eq);
                    value = arg.substring(eq + 1);
                }
                switch (name) {
                    case "--help", "-h" -> {
                        out.print(usage());
                        return 0;
                    }
                    case "--operator" -> operator = value == null || Boolean.parseBoolean(value);
                    case "--secret", "--auth-secret" -> secret = value != null ? value : next(args, ++i, name);
                    case "--conference" -> conference = value != null ? value : next(args, ++i, name);
                    case "--identity" -> identity = value != null ? value : next(args, ++i, name);
                    case "--ttl-seconds" -> ttl = seconds(value != null ? value : next(args, ++i, name));
                    default -> throw new IllegalArgumentException("unknown option '" + arg + "'");
                }
            }
            if (secret == null || secret.isEmpty()) {
                throw new IllegalArgumentException("no secret: set " + SECRET_ENV + " (preferred) or pass --secret");
            }
            if (conference == null) {
                throw new IllegalArgumentException("--conference ID (or '*' for any conference) is required");
            }
            if (identity == null) {
                throw new IllegalArgumentException("--identity NAME is required");
            }
            out.println(ApiTokens.mint(secret, identity, conference, operator, Duration.ofSeconds(ttl),
                    Instant.now()));
            return 0;
        } catch (IllegalArgumentException e) {
            err.println("meridian token: " + e.getMessage());
            err.print(usage());
            return 2;
        }
    }

    private static String next(List<String> args, int i, String flag) {
        if (i >= args.size()) {
            throw new IllegalArgumentException(flag + " needs a value");
        }
        return args.get(i);
    }

    private static long seconds(String raw) {
        long value;
        try {
            value = Long.parseLong(raw.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--ttl-seconds must be a whole number, not '" + raw + "'");
        }
        if (value < 1 || value > MAX_TTL_SECONDS) {
            throw new IllegalArgumentException("--ttl-seconds must be between 1 and " + MAX_TTL_SECONDS);
        }
        return value;
    }

    static String usage() {
        return """
                Usage: meridian token --conference ID|'*' --identity NAME [--operator] [--ttl-seconds N] [--secret S]

                Prints an HS256-signed API token (JWT) for a node started with the same auth.secret.
                  --conference ID|*    the conference the token may join; '*' for any (needed for node-wide operator calls)
                  --identity NAME      the participant identity (the token's 'sub')
                  --operator           may list, inspect and end conferences, remove participants and drain the node
                  --ttl-seconds N      lifetime, default 3600
                  --secret S           the node's auth.secret; prefer the MERIDIAN_AUTH_SECRET environment variable
                """;
    }
}
