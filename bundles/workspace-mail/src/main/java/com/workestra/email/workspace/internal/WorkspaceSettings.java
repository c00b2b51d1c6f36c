package com.workestra.email.workspace.internal;

import com.resend.core.exception.ResendException;
import com.resend.services.domains.model.AbstractDomain;
import com.resend.services.domains.model.CreateDomainOptions;
import com.resend.services.domains.model.CreateDomainResponse;
import com.resend.services.domains.model.Domain;
import com.resend.services.domains.model.Record;
import com.resend.services.webhooks.model.CreateWebhookOptions;
import com.resend.services.webhooks.model.CreateWebhookResponseSuccess;
import com.resend.services.webhooks.model.WebhookEvent;
import com.workestra.email.api.ApiException;
import com.workestra.email.api.Caller;
import com.workestra.email.store.WorkspaceMailStore;
import com.workestra.email.store.WorkspaceMailStore.DomainRecord;
import com.workestra.email.store.WorkspaceMailStore.SenderSettings;
import com.workestra.email.store.WorkspaceSecrets;
import java.io.InterruptedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Workspace sender settings and Resend domains for admins: the API key and webhook signing secret are write-only and
 * sealed by the store's vault before they are saved; domains go through Resend's domains API.
 */
final class WorkspaceSettings {

    static final String API_KEY = WorkspaceSecrets.RESEND_API_KEY;
    static final String WEBHOOK_SECRET = WorkspaceSecrets.RESEND_WEBHOOK_SECRET;

    private static final Logger LOG = LoggerFactory.getLogger(WorkspaceSettings.class);
    private static final Pattern DOMAIN = Pattern.compile(
            "(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,63}");
    private static final Pattern SECRET = Pattern.compile("whsec_[A-Za-z0-9+/=]{16,200}");
    private static final List<String> REGIONS = List.of("us-east-1", "eu-west-1", "sa-east-1", "ap-northeast-1");

    private final WorkspaceMailStore store;
    private final WorkspaceSecrets secrets;
    private final ResendSdk sdk;
    private final Clock clock;
    private final int defaultRateLimit;
    private final String webhookUrl;

    /**
     * @param webhookUrl the public URL of {@code POST /email/v1/webhooks/resend}, registered at Resend on request
     */
    WorkspaceSettings(WorkspaceMailStore store, WorkspaceSecrets secrets, ResendSdk sdk, Clock clock,
            int defaultRateLimit, String webhookUrl) {
        this.store = store;
        this.secrets = secrets;
        this.sdk = sdk;
        this.clock = clock;
        this.defaultRateLimit = defaultRateLimit;
        this.webhookUrl = webhookUrl;
    }

    /** {@code GET /workspace/sender}: never the key itself. */
    Map<String, Object> view(Caller caller) {
        requireAdmin(caller);
        return view(store.sender(caller.workspaceId()).orElse(null));
    }

    /**
     * {@code PUT /workspace/sender}: fields absent from the body keep their value; {@code apiKey} and
     * {@code webhookSigningSecret} are sealed; {@code registerWebhook: true} registers our webhook at Resend and keeps
     * its signing secret.
     */
    Map<String, Object> update(Caller caller, Map<String, Object> body) {
        requireAdmin(caller);
        for (String field : body.keySet()) {
            if (!List.of("fromAddress", "fromName", "rateLimitPerSecond", "apiKey", "webhookSigningSecret",
                    "registerWebhook").contains(field)) {
                throw ApiException.badRequest(field, "Unknown field '" + field + "'.");
            }
        }
        String ws = caller.workspaceId();
        SenderSettings old = store.sender(ws).orElse(new SenderSettings(ws, null, null, defaultRateLimit, null, null,
                null, null));
        String fromAddress = body.containsKey("fromAddress") ? address(body.get("fromAddress")) : old.fromAddress();
        String fromName = body.containsKey("fromName") ? name(body.get("fromName")) : old.fromName();
        int rate = body.containsKey("rateLimitPerSecond") ? rate(body.get("rateLimitPerSecond"))
                : old.rateLimitPerSecond();
        String apiKeySealed = old.apiKeySealed();
        String apiKey = null;
        if (body.containsKey("apiKey")) {
            apiKey = apiKey(body.get("apiKey"));
            checkKeyWithResend(apiKey);
            apiKeySealed = secrets.seal(ws, API_KEY, apiKey);
        }
        String secretSealed = old.webhookSecretSealed();
        if (body.containsKey("webhookSigningSecret")) {
            Object v = body.get("webhookSigningSecret");
            if (!(v instanceof String s) || !SECRET.matcher(s).matches()) {
                throw ApiException.badRequest("webhookSigningSecret", "Expected the signing secret (whsec_...) of"
                        + " the workspace's Resend webhook.");
            }
            secretSealed = secrets.seal(ws, WEBHOOK_SECRET, s);
        }
        if (Boolean.TRUE.equals(body.get("registerWebhook"))) {
            if (apiKeySealed == null) {
                throw ApiException.badRequest("apiKey", "Set the Resend API key before registering the webhook.");
            }
            String key = apiKey != null ? apiKey : secrets.open(ws, API_KEY, apiKeySealed);
            secretSealed = secrets.seal(ws, WEBHOOK_SECRET, registerWebhook(ws, key));
        } else if (body.containsKey("registerWebhook") && !(body.get("registerWebhook") instanceof Boolean)) {
            throw ApiException.badRequest("registerWebhook", "Expected true or false.");
        }
        SenderSettings updated = new SenderSettings(ws, fromAddress, fromName, rate, apiKeySealed, secretSealed,
                clock.instant(), caller.userId());
        store.saveSender(updated);
        LOG.info("Workspace sender of {} updated by {}", ws, caller.userId());
        return view(updated);
    }

    /** The workspace's API key in clear, for one call. */
    String apiKey(SenderSettings settings) {
        return secrets.open(settings.workspaceId(), API_KEY, settings.apiKeySealed());
    }

    /** The workspace's webhook signing secret in clear, if set. */
    Optional<String> webhookSecret(String workspaceId) {
        return store.sender(workspaceId).map(SenderSettings::webhookSecretSealed)
                .map(sealed -> secrets.open(workspaceId, WEBHOOK_SECRET, sealed));
    }

    /** {@code POST /workspace/domains} {@code {name, region?}}: the domain with the DNS records to publish. */
    Map<String, Object> createDomain(Caller caller, Map<String, Object> body) {
        requireAdmin(caller);
        Object n = body.get("name");
        if (!(n instanceof String name) || !DOMAIN.matcher(name.trim().toLowerCase(Locale.ROOT)).matches()) {
            throw ApiException.badRequest("name", "Expected a domain name such as mail.example.com.");
        }
        Object r = body.get("region");
        if (r != null && (!(r instanceof String region) || !REGIONS.contains(region))) {
            throw ApiException.badRequest("region", "Expected one of " + REGIONS + ".");
        }
        for (String field : body.keySet()) {
            if (!field.equals("name") && !field.equals("region")) {
                throw ApiException.badRequest(field, "Unknown field '" + field + "'.");
            }
        }
        ResendSdk.Call call = sdk.call(requireKey(caller.workspaceId()));
        CreateDomainOptions.Builder options = CreateDomainOptions.builder()
                .name(((String) n).trim().toLowerCase(Locale.ROOT));
        if (r != null) {
            options.region((String) r);
        }
        CreateDomainResponse created = resend(call, () -> call.domains().create(options.build()));
        Instant now = clock.instant();
        store.saveDomain(new DomainRecord(created.getId(), caller.workspaceId(), created.getName(),
                created.getStatus(), created.getRegion(), now, now));
        return domainView(created, created.getRecords());
    }

    /** {@code GET /workspace/domains/{id}}: the current status from Resend (404 when not the workspace's). */
    Map<String, Object> domain(Caller caller, String id) {
        requireAdmin(caller);
        DomainRecord known = store.domain(caller.workspaceId(), id).orElseThrow(() -> ApiException.notFound("Domain"));
        ResendSdk.Call call = sdk.call(requireKey(caller.workspaceId()));
        Domain d = resend(call, () -> call.domains().get(known.id()));
        store.saveDomain(new DomainRecord(known.id(), known.workspaceId(), d.getName(), d.getStatus(),
                d.getRegion(), known.createdAt(), clock.instant()));
        return domainView(d, d.getRecords());
    }

    /** {@code GET /workspace/domains}: the workspace's domains as last seen. */
    List<Map<String, Object>> domains(Caller caller) {
        requireAdmin(caller);
        List<Map<String, Object>> out = new ArrayList<>();
        for (DomainRecord d : store.domains(caller.workspaceId())) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", d.id());
            m.put("name", d.name());
            m.put("status", d.status());
            m.put("region", d.region());
            m.put("createdAt", d.createdAt().toString());
            out.add(m);
        }
        return out;
    }

    /** {@code POST /workspace/domains/{id}/verify}: asks Resend to check the DNS records, returns the domain. */
    Map<String, Object> verifyDomain(Caller caller, String id) {
        requireAdmin(caller);
        DomainRecord known = store.domain(caller.workspaceId(), id).orElseThrow(() -> ApiException.notFound("Domain"));
        ResendSdk.Call call = sdk.call(requireKey(caller.workspaceId()));
        resend(call, () -> call.domains().verify(known.id()));
        return domain(caller, id);
    }

    private String registerWebhook(String workspaceId, String apiKey) {
        String endpoint = webhookUrl + "?workspace=" + URLEncoder.encode(workspaceId, StandardCharsets.UTF_8);
        ResendSdk.Call call = sdk.call(apiKey);
        CreateWebhookResponseSuccess hook = resend(call, () -> call.webhooks().create(CreateWebhookOptions.builder()
                .endpoint(endpoint)
                .events(WebhookEvent.EMAIL_SENT, WebhookEvent.EMAIL_DELIVERED, WebhookEvent.EMAIL_BOUNCED,
                        WebhookEvent.EMAIL_COMPLAINED, WebhookEvent.EMAIL_DELIVERY_DELAYED)
                .build()));
        LOG.info("Registered the Resend webhook {} of workspace {}", hook.getId(), workspaceId);
        return hook.getSigningSecret();
    }

    /**
     * Asks Resend whether it knows the key (one cheap read). A "sending access" key may not read domains: Resend
     * answers {@code restricted_api_key}, which still proves the key valid for sending.
     */
    private void checkKeyWithResend(String apiKey) {
        ResendSdk.Call call = sdk.call(apiKey);
        resend(call, () -> {
            try {
                return call.domains().list();
            } catch (ResendException e) {
                if ("restricted_api_key".equals(e.getErrorName())) {
                    return null;
                }
                throw e;
            }
        });
    }

    private String requireKey(String workspaceId) {
        SenderSettings s = store.sender(workspaceId).orElse(null);
        if (s == null || s.apiKeySealed() == null) {
            throw new ApiException(422, "workspace_email_not_configured", "Set the workspace's Resend API key first"
                    + " (PUT /workspace/sender).", Map.of("field", "apiKey"));
        }
        return apiKey(s);
    }

    static void requireAdmin(Caller caller) {
        if (caller == null || !caller.admin()) {
            throw new ApiException(403, "admin_required", "Only a workspace admin may read or change workspace"
                    + " email settings.", Map.of());
        }
    }

    /** A Resend call: SDK failures become the error JSON of the contract. */
    private static <T> T resend(ResendSdk.Call call, SdkCall<T> work) {
        try {
            return work.run();
        } catch (ResendException e) {
            int status = e.getStatusCode() == null ? 0 : e.getStatusCode();
            String name = e.getErrorName() == null ? "" : e.getErrorName();
            if (status == 429) {
                Long wait = number(call.header("retry-after"));
                throw new ProviderFailure(429, "rate_limited", "Resend's rate limit was reached; try again"
                        + " shortly.", wait == null ? 1L : Math.max(1, wait));
            }
            if (status == 401 || (status == 403 && name.contains("api_key"))) {
                throw new ApiException(422, "invalid_api_key", "Resend refused the API key.",
                        Map.of("field", "apiKey"));
            }
            if (status == 404) {
                throw ApiException.notFound("Domain");
            }
            if (status == 403 || status == 409) {
                throw ApiException.conflict("provider_conflict", "Resend refused: " + e.getMessage());
            }
            if (status >= 400 && status < 500) {
                throw new ApiException(422, name.isEmpty() ? "provider_refused" : name, "Resend refused: "
                        + e.getMessage(), Map.of());
            }
            throw new ProviderFailure(502, "provider_unavailable", "Resend answered with an error.", 30L);
        } catch (RuntimeException e) {
            if (e instanceof ApiException api) {
                throw api;
            }
            boolean timeout = e.getCause() instanceof InterruptedIOException;
            throw new ProviderFailure(503, "provider_unavailable",
                    timeout ? "Resend did not answer in time." : "Resend cannot be reached.", 30L);
        }
    }

    @FunctionalInterface
    private interface SdkCall<T> {
        T run() throws ResendException;
    }

    private static Long number(String header) {
        try {
            return header == null ? null : Long.parseLong(header.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Map<String, Object> view(SenderSettings s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("configured", s != null && s.apiKeySealed() != null && s.fromAddress() != null);
        m.put("fromAddress", s == null ? null : s.fromAddress());
        m.put("fromName", s == null ? null : s.fromName());
        m.put("rateLimitPerSecond", s == null ? null : s.rateLimitPerSecond());
        m.put("apiKeySet", s != null && s.apiKeySealed() != null);
        m.put("webhookSigningSecretSet", s != null && s.webhookSecretSealed() != null);
        m.put("updatedAt", s == null || s.updatedAt() == null ? null : s.updatedAt().toString());
        return m;
    }

    private static Map<String, Object> domainView(AbstractDomain d, List<Record> records) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", d.getId());
        m.put("name", d.getName());
        m.put("status", d.getStatus());
        m.put("region", d.getRegion());
        List<Map<String, Object>> dns = new ArrayList<>();
        for (Record r : records == null ? List.<Record>of() : records) {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("record", r.getRecord());
            x.put("name", r.getName());
            x.put("type", r.getType());
            x.put("ttl", r.getTtl());
            x.put("status", r.getStatus());
            x.put("value", r.getValue());
            if (r.getPriority() != 0) {
                x.put("priority", r.getPriority());
            }
            dns.add(x);
        }
        m.put("records", dns);
        return m;
    }

    /** {@code Name <address>} for Resend's from field (the name quoted when it needs it). */
    static String formatFrom(String name, String address) {
        if (name == null || name.isBlank()) {
            return address;
        }
        boolean plain = name.chars().allMatch(c -> Character.isLetterOrDigit(c) || c == ' ' || c == '-'
                || c == '.' || c == '\'');
        String shown = plain ? name : "\"" + name.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
        return shown + " <" + address + ">";
    }

    private static String address(Object v) {
        if (!(v instanceof String s) || s.length() > 320 || s.chars().anyMatch(c -> c < 0x21 || c == '<'
                || c == '>' || c == ',' || c == '"') || s.indexOf('@') < 1 || s.indexOf('@') != s.lastIndexOf('@')
                || s.indexOf('.', s.indexOf('@')) < 0 || s.endsWith(".")) {
            throw ApiException.badRequest("fromAddress", "Expected one email address such as news@example.com.");
        }
        return s;
    }

    private static String name(Object v) {
        if (v == null) {
            return null;
        }
        if (!(v instanceof String s) || s.length() > 300 || s.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw ApiException.badRequest("fromName", "Expected a display name on one line (up to 300"
                    + " characters).");
        }
        return s.isBlank() ? null : s.trim();
    }

    private static int rate(Object v) {
        if (!(v instanceof Integer i) || i < 1 || i > 100) {
            throw ApiException.badRequest("rateLimitPerSecond", "Expected a whole number of sends per second"
                    + " between 1 and 100.");
        }
        return i;
    }

    private static String apiKey(Object v) {
        if (!(v instanceof String s) || !s.startsWith("re_") || s.length() > 200
                || s.chars().anyMatch(c -> c <= 0x20 || c >= 0x7f)) {
            throw ApiException.badRequest("apiKey", "Expected a Resend API key (re_...).");
        }
        return s;
    }
}
