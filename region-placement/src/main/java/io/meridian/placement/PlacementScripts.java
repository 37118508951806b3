package io.meridian.placement;

/**
 * Lua scripts that make a read-then-write on a pin or the node set atomic on the Redis server. They are sent with
 * EVAL each time (a few hundred bytes) rather than EVALSHA: a restarted Redis forgets its script cache, and the
 * NOSCRIPT fallback would be one more path to get wrong for no measurable gain at this call rate.
 */
final class PlacementScripts {
    private PlacementScripts() {
    }

    /**
     * KEYS[1] pin key; ARGV[1] node id, ARGV[2] TTL in ms, ARGV[3] pin value to restore if the key is gone, or ''.
     * Extends the pin only while it names the node; returns 1 extended, 2 restored, 0 left alone.
     */
    static final String RENEW = """
            local v = redis.call('GET', KEYS[1])
            if not v then
              if ARGV[3] ~= '' then
                redis.call('SET', KEYS[1], ARGV[3], 'PX', ARGV[2])
                return 2
              end
              return 0
            end
            local ok, pin = pcall(cjson.decode, v)
            if ok and type(pin) == 'table' and pin.nodeId == ARGV[1] then
              return redis.call('PEXPIRE', KEYS[1], ARGV[2])
            end
            return 0
            """;

    /** KEYS[1] pin key; ARGV[1] node id. Deletes the pin only while it names the node; returns 1 if deleted. */
    static final String RELEASE = """
            local v = redis.call('GET', KEYS[1])
            if not v then
              return 0
            end
            local ok, pin = pcall(cjson.decode, v)
            if ok and type(pin) == 'table' and pin.nodeId == ARGV[1] then
              return redis.call('DEL', KEYS[1])
            end
            return 0
            """;

    /**
     * KEYS[1] node set, KEYS[i+1] the entry key of node ARGV[i]. Removes from the set the ids whose entry has
     * expired, checking again on the server so a node that heartbeated meanwhile stays listed.
     */
    static final String PRUNE_NODES = """
            local removed = 0
            for i, id in ipairs(ARGV) do
              if redis.call('EXISTS', KEYS[i + 1]) == 0 then
                removed = removed + redis.call('SREM', KEYS[1], id)
              end
            end
            return removed
            """;
}
