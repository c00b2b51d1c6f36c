package com.workestra.email.sandbox;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Request and quota counters ({@code GET /_sandbox/stats}). The server counts every provider request; emulators
 * count their method names ({@code count("gmail", "messages.get")}) and the quota units they charge.
 */
public final class Stats {

    /** The pseudo-method under which answers refused by the emulated quota (429) are counted. */
    public static final String THROTTLED = "throttled";

    private final Map<String, Map<String, LongAdder>> methods = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> requests = new ConcurrentHashMap<>();
    private final Map<String, Map<String, LongAdder>> quota = new ConcurrentHashMap<>();

    /** Counts one request reaching a provider surface (done by the router). */
    public void request(String provider) {
        requests.computeIfAbsent(provider, k -> new LongAdder()).increment();
    }

    /** Counts one call of a provider method, e.g. {@code count("outlook", "messages.delta")}. */
    public void count(String provider, String method) {
        methods.computeIfAbsent(provider, k -> new ConcurrentHashMap<>())
                .computeIfAbsent(method, k -> new LongAdder()).increment();
    }

    /** Adds quota units spent by one account, e.g. {@code quota("gmail", address, 5)}. */
    public void quota(String provider, String address, long units) {
        quota.computeIfAbsent(provider, k -> new ConcurrentHashMap<>())
                .computeIfAbsent(address.toLowerCase(Locale.ROOT), k -> new LongAdder()).add(units);
    }

    /** Calls of one method so far. */
    public long calls(String provider, String method) {
        LongAdder a = methods.getOrDefault(provider, Map.of()).get(method);
        return a == null ? 0 : a.sum();
    }

    /** Requests to one provider so far. */
    public long requests(String provider) {
        LongAdder a = requests.get(provider);
        return a == null ? 0 : a.sum();
    }

    /** Quota units spent by an account so far. */
    public long quotaSpent(String provider, String address) {
        LongAdder a = quota.getOrDefault(provider, Map.of()).get(address.toLowerCase(Locale.ROOT));
        return a == null ? 0 : a.sum();
    }

    public void reset() {
        methods.clear();
        requests.clear();
        quota.clear();
    }

    /** {@code {requests: {provider: n}, methods: {provider: {method: n}}, quotaUnits: {provider: {address: n}}}}. */
    public Map<String, Object> view() {
        Map<String, Object> out = new TreeMap<>();
        out.put("requests", sums(requests));
        Map<String, Object> m = new TreeMap<>();
        methods.forEach((p, v) -> m.put(p, sums(v)));
        out.put("methods", m);
        Map<String, Object> q = new TreeMap<>();
        quota.forEach((p, v) -> q.put(p, sums(v)));
        out.put("quotaUnits", q);
        return out;
    }

    private static Map<String, Long> sums(Map<String, LongAdder> in) {
        Map<String, Long> out = new TreeMap<>();
        in.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }
}
