package com.workestra.email.store;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Workspace email (Resend): sender settings, domains, the per-workspace send rate window, delivery events from
 * Resend webhooks and open tracking. Every method is one transaction.
 */
public interface WorkspaceMailStore {

    /** The sender settings of a workspace, when configured. */
    Optional<SenderSettings> sender(String workspaceId);

    /** Creates or replaces the sender settings of {@code settings.workspaceId()}. */
    void saveSender(SenderSettings settings);

    /** Creates or updates a domain of a workspace. */
    void saveDomain(DomainRecord domain);

    /** A domain of the workspace; empty when unknown or another workspace's. */
    Optional<DomainRecord> domain(String workspaceId, String id);

    /** The workspace's domains, newest first. */
    List<DomainRecord> domains(String workspaceId);

    /**
     * Takes one send slot in the workspace's one-second window, shared by every node.
     *
     * @param workspaceId whose window
     * @param perSecond how many sends one second allows
     * @param now the current time
     * @return {@link Duration#ZERO} when the slot was taken, otherwise how long to wait before trying again
     */
    Duration acquireSendSlot(String workspaceId, int perSecond, Instant now);

    /** Refuses every send slot of the workspace until the instant (the provider said so). */
    void blockSends(String workspaceId, Instant until);

    /**
     * Records a delivery event once per provider message id (Svix id) within its workspace and updates the email's
     * delivery state in that workspace: events signed for one workspace never touch another's.
     *
     * @return false when this event was recorded before (a redelivery): nothing changes
     */
    boolean recordDeliveryEvent(DeliveryEvent event);

    /**
     * The delivery state of an email sent through Resend, by Resend's email id, as the workspace's events (null: the
     * account-wide secret's) recorded it.
     */
    Optional<DeliveryStatus> deliveryStatus(String workspaceId, String providerEmailId);

    /** The events a workspace (null: the account-wide secret) recorded for an email, oldest first. */
    List<DeliveryEvent> deliveryEvents(String workspaceId, String providerEmailId);

    /** Stores a tracking pixel (only the hash of its token). */
    void registerPixel(Pixel pixel);

    /** The pixel whose token has this SHA-256 hash (hex). */
    Optional<Pixel> pixel(String tokenHash);

    /**
     * Counts an open of a pixel unless one was counted within {@code dedupe} before {@code at}.
     *
     * @return true when counted
     */
    boolean recordOpen(String tokenHash, Instant at, Duration dedupe);

    /** Opens of a sent message per tracked recipient (recipients never opened are included with 0). */
    List<OpenSummary> opensOf(String messageId);

    /**
     * Sender settings of a workspace. Secrets are sealed with {@link WorkspaceSecrets}; the store never sees them
     * in clear.
     *
     * @param workspaceId the workspace
     * @param fromAddress the From address
     * @param fromName the From display name
     * @param rateLimitPerSecond sends per second this workspace allows itself
     * @param apiKeySealed the sealed Resend API key, or null
     * @param webhookSecretSealed the sealed Svix signing secret of the workspace's Resend webhook, or null
     * @param updatedAt last change
     * @param updatedBy the user who changed it last
     */
    record SenderSettings(String workspaceId, String fromAddress, String fromName, int rateLimitPerSecond,
            String apiKeySealed, String webhookSecretSealed, Instant updatedAt, String updatedBy) {
    }

    /**
     * A sending domain registered at Resend for a workspace.
     *
     * @param id Resend's domain id
     * @param workspaceId the workspace
     * @param name the domain name
     * @param status Resend's status (not_started, pending, verified, failed...)
     * @param region Resend's region
     * @param createdAt when it was added
     * @param updatedAt last status change seen
     */
    record DomainRecord(String id, String workspaceId, String name, String status, String region, Instant createdAt,
            Instant updatedAt) {
    }

    /**
     * One Resend webhook event.
     *
     * @param svixId the webhook message id (idempotency key)
     * @param providerEmailId Resend's email id
     * @param workspaceId the workspace whose webhook received it, or null
     * @param type the event type, for example {@code email.bounced}
     * @param occurredAt when Resend says it happened
     * @param detail a short description (bounce type and message), or null
     * @param receivedAt when we received it
     */
    record DeliveryEvent(String svixId, String providerEmailId, String workspaceId, String type, Instant occurredAt,
            String detail, Instant receivedAt) {
    }

    /**
     * Delivery state of one email.
     *
     * @param providerEmailId Resend's email id
     * @param lastEvent the latest event type received
     * @param deliveredAt when delivered, or null
     * @param bouncedAt when bounced, or null
     * @param bounceType Resend's bounce type, or null
     * @param bounceMessage Resend's bounce message, or null
     * @param complainedAt when the recipient marked it as spam, or null
     * @param updatedAt last change
     */
    record DeliveryStatus(String providerEmailId, String lastEvent, Instant deliveredAt, Instant bouncedAt,
            String bounceType, String bounceMessage, Instant complainedAt, Instant updatedAt) {
    }

    /**
     * A tracking pixel: one per tracked recipient of a sent message.
     *
     * @param tokenHash SHA-256 (hex) of the random token in the pixel URL
     * @param workspaceId the workspace, or null when the caller does not know it
     * @param messageId the sent message
     * @param recipient the recipient the pixel stands for
     * @param senderUserId the sender (whose own views are never counted), or null
     * @param createdAt when it was created
     */
    record Pixel(String tokenHash, String workspaceId, String messageId, String recipient, String senderUserId,
            Instant createdAt) {
    }

    /**
     * Opens of one tracked recipient.
     *
     * @param recipient the recipient
     * @param opens opens counted (at most one per minute)
     * @param firstOpenedAt first counted open, or null
     * @param lastOpenedAt last counted open, or null
     */
    record OpenSummary(String recipient, long opens, Instant firstOpenedAt, Instant lastOpenedAt) {
    }
}
