package com.workestra.email.sandbox.resend;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.workestra.email.sandbox.Http;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Sending domains. Verification is two-step like Resend's DNS check: {@code verify} moves the domain to
 * {@code pending}; the next read of that domain (get or list) finds the records in place and answers
 * {@code verified}.
 */
final class DomainStore {

    private static final Set<String> REGIONS = Set.of("us-east-1", "eu-west-1", "sa-east-1", "ap-northeast-1");
    private static final Pattern DOMAIN = Pattern.compile(
            "(?=.{4,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,63}");

    /** One domain; status moves not_started → pending → verified. */
    private static final class Domain {
        final String id = UUID.randomUUID().toString();
        final String name;
        final String region;
        final Instant createdAt;
        final String dkim;
        String status = "not_started";

        Domain(String name, String region, Instant createdAt, String dkim) {
            this.name = name;
            this.region = region;
            this.createdAt = createdAt;
            this.dkim = dkim;
        }
    }

    private final Map<String, Domain> domains = new ConcurrentHashMap<>();

    void clear() {
        domains.clear();
    }

    ObjectNode create(JsonNode body, Instant now) {
        String name = body.path("name").asText("").trim().toLowerCase(Locale.ROOT);
        if (name.isEmpty()) {
            throw ResendError.validation("Missing `name` field.");
        }
        if (!DOMAIN.matcher(name).matches()) {
            throw ResendError.validation("Invalid `name` field. The domain name is not valid.");
        }
        String region = body.path("region").asText("us-east-1");
        if (!REGIONS.contains(region)) {
            throw new ResendError(422, "invalid_region",
                    "Region must be \"us-east-1\" | \"eu-west-1\" | \"sa-east-1\" | \"ap-northeast-1\".");
        }
        Domain d = new Domain(name, region, now, dkimKey());
        synchronized (domains) {
            if (domains.values().stream().anyMatch(x -> x.name.equals(name))) {
                throw new ResendError(403, "validation_error", "Domain " + name + " has been registered already.");
            }
            domains.put(d.id, d);
        }
        ObjectNode out = describe(d, false);
        out.remove("object");
        return out;
    }

    ObjectNode get(String id) {
        return describe(find(id), true);
    }

    ObjectNode verify(String id) {
        Domain d = find(id);
        synchronized (d) {
            if (!"verified".equals(d.status)) {
                d.status = "pending";
            }
        }
        ObjectNode out = Http.JSON.createObjectNode();
        out.put("object", "domain");
        out.put("id", d.id);
        return out;
    }

    ObjectNode remove(String id) {
        Domain d = find(id);
        domains.remove(d.id);
        ObjectNode out = Http.JSON.createObjectNode();
        out.put("object", "domain");
        out.put("id", d.id);
        out.put("deleted", true);
        return out;
    }

    ObjectNode list() {
        List<Domain> all = new ArrayList<>(domains.values());
        all.sort(Comparator.comparing((Domain d) -> d.createdAt).reversed());
        ObjectNode out = Http.JSON.createObjectNode();
        out.put("object", "list");
        out.put("has_more", false);
        ArrayNode data = out.putArray("data");
        for (Domain d : all) {
            ObjectNode item = describe(d, true);
            item.remove("object");
            item.remove("records");
            data.add(item);
        }
        return out;
    }

    private Domain find(String id) {
        Domain d = domains.get(id);
        if (d == null) {
            throw ResendError.notFound("Domain not found");
        }
        return d;
    }

    private ObjectNode describe(Domain d, boolean read) {
        String status;
        synchronized (d) {
            if (read && "pending".equals(d.status)) {
                d.status = "verified";
            }
            status = d.status;
        }
        ObjectNode out = Http.JSON.createObjectNode();
        out.put("object", "domain");
        out.put("id", d.id);
        out.put("name", d.name);
        out.put("status", status);
        out.put("created_at", ResendEmulator.timestamp(d.createdAt));
        out.put("region", d.region);
        ArrayNode records = out.putArray("records");
        ObjectNode mx = record(records, "SPF", "send", "MX", "feedback-smtp." + d.region + ".amazonses.com", status);
        mx.put("priority", 10);
        record(records, "SPF", "send", "TXT", "\"v=spf1 include:amazonses.com ~all\"", status);
        record(records, "DKIM", "resend._domainkey", "TXT", "p=" + d.dkim, status);
        return out;
    }

    private static ObjectNode record(ArrayNode records, String kind, String name, String type, String value,
            String status) {
        ObjectNode r = records.addObject();
        r.put("record", kind);
        r.put("name", name);
        r.put("type", type);
        r.put("ttl", "Auto");
        r.put("status", status);
        r.put("value", value);
        return r;
    }

    /** A real RSA public key so the DKIM record looks like what Resend hands out. */
    private static String dkimKey() {
        try {
            KeyPairGenerator gen = KeyPairGenerator.getInstance("RSA");
            gen.initialize(1024);
            return Base64.getEncoder().encodeToString(gen.generateKeyPair().getPublic().getEncoded());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("RSA is always available", e);
        }
    }
}
