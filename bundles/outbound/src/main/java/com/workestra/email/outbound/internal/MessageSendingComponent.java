package com.workestra.email.outbound.internal;

import com.workestra.email.api.Caller;
import com.workestra.email.api.MessageSending;
import com.workestra.email.api.OpenTracking;
import com.workestra.email.api.WorkspaceMailer;
import com.workestra.email.spi.MailConnector;
import com.workestra.email.spi.MailboxAccess;
import com.workestra.email.spi.MailboxOperations;
import com.workestra.email.store.ConnectionStore;
import com.workestra.email.store.MessageStore;
import com.workestra.email.store.OutboundStore;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * OSGi adapter of the sending path: {@link MessageSending} on the stores, with the sync engine's
 * {@link MailboxAccess}, the connectors' {@link MailboxOperations}, {@link WorkspaceMailer} and {@link OpenTracking}
 * tracked as optional dynamic services.
 */
@Component(service = {MessageSending.class, MessageSendingComponent.class}, configurationPid = MessageSendingComponent.PID)
@Designate(ocd = MessageSendingComponent.Config.class)
public class MessageSendingComponent implements MessageSending, Providers {

    /** Configuration PID. */
    public static final String PID = "com.workestra.email.outbound";

    /** Sending settings. */
    @ObjectClassDefinition(name = "Workestra Email sending",
            description = "Size limits and retries of messages sent from connected mailboxes and workspace email.")
    public @interface Config {

        /** Gmail limit. */
        @AttributeDefinition(name = "Gmail size limit (bytes)",
                description = "Largest message sent through Gmail (Gmail accepts 25 MB).")
        long gmailMaxBytes() default SendSettings.GMAIL_LIMIT;

        /** Outlook limit. */
        @AttributeDefinition(name = "Outlook size limit (bytes)",
                description = "Largest message sent through Microsoft Graph sendMail (4 MB per request, the message"
                        + " travels base64-encoded).")
        long outlookMaxBytes() default SendSettings.OUTLOOK_LIMIT;

        /** Workspace limit. */
        @AttributeDefinition(name = "Workspace email size limit (bytes)",
                description = "Largest message sent as workspace email (Resend accepts 40 MB).")
        long workspaceMaxBytes() default SendSettings.WORKSPACE_LIMIT;

        /** Attempts. */
        @AttributeDefinition(name = "Attempts", description = "Provider attempts on transient errors before a send"
                + " fails; an ambiguous answer is never retried.")
        int maxAttempts() default 6;

        /** First retry delay. */
        @AttributeDefinition(name = "First retry (seconds)", description = "Delay before the second attempt;"
                + " doubled for each further attempt, at most 30 minutes.")
        int firstRetrySeconds() default 30;
    }

    private final Map<String, MailboxOperations> operations = new ConcurrentHashMap<>();
    private final SendService sends;
    private final Outbox outbox;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile MailboxAccess access;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile WorkspaceMailer mailer;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile OpenTracking tracking;

    /** Builds the sending path on the stores. */
    @Activate
    public MessageSendingComponent(@Reference OutboundStore outbound, @Reference MessageStore messages,
            @Reference ConnectionStore connections, Config config) {
        SendSettings settings = new SendSettings(Map.of("gmail", config.gmailMaxBytes(), "outlook",
                config.outlookMaxBytes(), "workspace", config.workspaceMaxBytes()), Math.max(1, config.maxAttempts()),
                Duration.ofSeconds(Math.max(1, config.firstRetrySeconds())), Duration.ofMinutes(30),
                Duration.ofMinutes(5), 20);
        Clock clock = Clock.systemUTC();
        this.sends = new SendService(outbound, messages, connections, this, settings, clock);
        this.outbox = new Outbox(outbound, messages, connections, this, sends, settings, clock);
    }

    /** Tracks a provider's mail operations. */
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addOperations(MailboxOperations ops, Map<String, Object> props) {
        operations.put(String.valueOf(props.get(MailConnector.PROVIDER_PROPERTY)), ops);
    }

    /** Forgets a provider's mail operations. */
    void removeOperations(MailboxOperations ops, Map<String, Object> props) {
        operations.remove(String.valueOf(props.get(MailConnector.PROVIDER_PROPERTY)), ops);
    }

    @Override
    public SendResult send(Caller caller, SendRequest request, String idempotencyKey) {
        return sends.send(caller, request, idempotencyKey);
    }

    @Override
    public SendResult cancelScheduled(Caller caller, String id) {
        return sends.cancelScheduled(caller, id);
    }

    /** The outbox, for the scheduler job. */
    Outbox outbox() {
        return outbox;
    }

    @Override
    public MailboxAccess access() {
        return access;
    }

    @Override
    public MailboxOperations operations(String provider) {
        return operations.get(provider);
    }

    @Override
    public WorkspaceMailer mailer() {
        return mailer;
    }

    @Override
    public OpenTracking tracking() {
        return tracking;
    }
}
