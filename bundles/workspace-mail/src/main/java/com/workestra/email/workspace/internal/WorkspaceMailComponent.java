package com.workestra.email.workspace.internal;

import com.workestra.email.api.HealthContributor;
import com.workestra.email.api.HealthStatus;
import com.workestra.email.api.OpenTracking;
import com.workestra.email.api.WorkspaceMailer;
import com.workestra.email.store.WorkspaceMailStore;
import com.workestra.email.store.WorkspaceSecrets;
import java.time.Clock;
import java.time.Duration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Thin OSGi adapter of workspace email: builds the Resend SDK adapter from the configuration and offers the
 * {@link WorkspaceMailer} and {@link OpenTracking} services, plus itself to this bundle's REST resources.
 */
@Component(service = {WorkspaceMailer.class, OpenTracking.class, HealthContributor.class,
        WorkspaceMailComponent.class},
        configurationPid = WorkspaceMailComponent.PID)
@Designate(ocd = WorkspaceMailComponent.Config.class)
public class WorkspaceMailComponent implements WorkspaceMailer, OpenTracking, HealthContributor {

    /** Configuration PID. */
    public static final String PID = "com.workestra.email.workspace";

    private static final Logger LOG = LoggerFactory.getLogger(WorkspaceMailComponent.class);

    /** Workspace email configuration. */
    @ObjectClassDefinition(name = "Workestra Email workspace mail",
            description = "Workspace email through Resend, Resend webhooks and open tracking.")
    public @interface Config {

        /** Resend API root. */
        @AttributeDefinition(name = "Resend base URL",
                description = "Resend's API root; the provider sandbox's /resend in the dev distribution.")
        String resendBaseUrl() default "https://api.resend.com";

        /** Public root of this host. */
        @AttributeDefinition(name = "Public base URL",
                description = "Root URL under which /email/v1 is reachable by mail clients and Resend.")
        String publicBaseUrl() default "http://127.0.0.1:8181";

        /** Fallback signing secret. */
        @AttributeDefinition(name = "Webhook signing secret", type = AttributeType.PASSWORD, required = false,
                description = "Svix signing secret (whsec_...) used when the webhook URL names no workspace or the"
                        + " workspace has none of its own.")
        String _webhookSigningSecret() default "";

        /** Timeout of Resend calls. */
        @AttributeDefinition(name = "Timeout (seconds)", description = "Connect and read timeout of Resend calls.")
        int timeoutSeconds() default 15;

        /** Default rate limit. */
        @AttributeDefinition(name = "Default rate limit", description = "Sends per second for a new workspace.")
        int defaultRateLimitPerSecond() default 2;
    }

    private final ResendSdk sdk;
    private final ResendMailer mailer;
    private final PixelTracker pixels;
    private final WorkspaceSettings settings;
    private final DeliveryWebhooks webhooks;

    /** Builds the parts. */
    @Activate
    public WorkspaceMailComponent(@Reference WorkspaceMailStore store, @Reference WorkspaceSecrets secrets,
            Config config) {
        Clock clock = Clock.systemUTC();
        this.sdk = new ResendSdk(config.resendBaseUrl(), Duration.ofSeconds(Math.max(1, config.timeoutSeconds())));
        String publicBase = config.publicBaseUrl().endsWith("/")
                ? config.publicBaseUrl().substring(0, config.publicBaseUrl().length() - 1) : config.publicBaseUrl();
        this.settings = new WorkspaceSettings(store, secrets, sdk, clock,
                Math.max(1, config.defaultRateLimitPerSecond()), publicBase + "/email/v1/webhooks/resend");
        this.mailer = new ResendMailer(settings, store, sdk, clock);
        this.pixels = new PixelTracker(store, publicBase, clock);
        this.webhooks = new DeliveryWebhooks(store, sdk.verifier(), settings::webhookSecret,
                config._webhookSigningSecret(), clock);
        LOG.info("Workspace mail ready (Resend at {})", sdk.baseUrl());
    }

    /** Releases the HTTP client. */
    @Deactivate
    public void deactivate() {
        sdk.close();
    }

    @Override
    public java.util.Optional<Sender> sender(String workspaceId) {
        return mailer.sender(workspaceId);
    }

    @Override
    public Outcome send(String workspaceId, Message message, String idempotencyKey) {
        return mailer.send(workspaceId, message, idempotencyKey);
    }

    @Override
    public String pixelUrl(String messageId, String recipient, String senderUserId) {
        return pixels.pixelUrl(messageId, recipient, senderUserId);
    }

    @Override
    public String name() {
        return "workspace-mail";
    }

    @Override
    public HealthStatus check() {
        return HealthStatus.up(java.util.Map.of("resend", sdk.baseUrl()));
    }

    WorkspaceSettings settings() {
        return settings;
    }

    DeliveryWebhooks webhooks() {
        return webhooks;
    }

    PixelTracker pixels() {
        return pixels;
    }
}
