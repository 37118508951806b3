package io.meridian.placement;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * For each region, the other regions in order of nearness, used when a region has no usable node. Written as
 * {@code eu-west=eu-central,us-east;us-east=us-west,eu-west} (the {@code regions.nearest} setting).
 */
public final class RegionTable {
    private final Map<String, List<String>> nearest;

    private RegionTable(Map<String, List<String>> nearest) {
        this.nearest = nearest;
    }

    public static RegionTable empty() {
        return new RegionTable(Map.of());
    }

    public static RegionTable parse(String spec) {
        Map<String, List<String>> table = new LinkedHashMap<>();
        if (spec == null || spec.isBlank()) {
            return new RegionTable(table);
        }
        for (String entry : spec.split(";")) {
            if (entry.isBlank()) {
                continue;
            }
            int eq = entry.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("'" + entry.trim() + "' is not of the form region=near1,near2");
            }
            List<String> near = new ArrayList<>();
            for (String r : entry.substring(eq + 1).split(",")) {
                if (!r.isBlank()) {
                    near.add(r.trim());
                }
            }
            table.put(entry.substring(0, eq).trim(), List.copyOf(near));
        }
        return new RegionTable(Map.copyOf(table));
    }

    /** {@code region} itself first, then its nearest regions in order. */
    public List<String> preferenceFor(String region) {
        List<String> order = new ArrayList<>();
        order.add(region);
        for (String r : nearest.getOrDefault(region, List.of())) {
            if (!order.contains(r)) {
                order.add(r);
            }
        }
        return order;
    }
}
