package io.meridian.api;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Joins per second per client address ({@code limits.joins-per-second-per-ip}). An IPv6 client is counted by its
 * /64: a host may take any address of its prefix for each connection (RFC 4941 temporary addresses). Addresses whose
 * burst is whole again are forgotten once many are kept, so a flood from many addresses holds at most those of the
 * last second or so.
 */
final class JoinRate {
    /** Addresses kept before the rested ones are swept out. */
    private static final int SWEEP_AT = 10_000;

    private final int perSecond;
    private final LongSupplier nanos;
    private final Map<String, RateLimit> byAddress = new HashMap<>();

    JoinRate(int perSecond, LongSupplier nanos) {
        this.perSecond = perSecond;
        this.nanos = nanos;
    }

    /** Counts a join from {@code address}; {@code 429 too_many_joins} with a {@code Retry-After} when over. */
    void admit(String address) {
        if (perSecond == 0) {
            return;
        }
        long retryAfter;
        synchronized (this) {
            long now = nanos.getAsLong();
            if (byAddress.size() >= SWEEP_AT) {
                byAddress.values().removeIf(rate -> rate.rested(now));
            }
            RateLimit rate = byAddress.computeIfAbsent(client(address), a -> new RateLimit(perSecond, now));
            if (rate.take(now)) {
                return;
            }
            retryAfter = rate.secondsUntilNext(now);
        }
        throw new ApiException(429, "too_many_joins", "More than " + perSecond + " joins a second came from "
                + address + "; retry in " + retryAfter + " s. The node's setting limits.joins-per-second-per-ip "
                + "raises the limit.", retryAfter);
    }

    /** The address, or for IPv6 its /64 prefix. */
    static String client(String address) {
        if (address.indexOf(':') < 0) {
            return address;
        }
        try {
            // A literal address: no name is looked up.
            InetAddress parsed = InetAddress.getByName(address);
            byte[] bytes = parsed.getAddress();
            return bytes.length == 16 ? HexFormat.of().formatHex(bytes, 0, 8) + "::/64" : parsed.getHostAddress();
        } catch (UnknownHostException e) {
            return address;
        }
    }
}
