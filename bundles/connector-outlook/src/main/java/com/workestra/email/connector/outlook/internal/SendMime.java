package com.workestra.email.connector.outlook.internal;

import com.microsoft.graph.models.odataerrors.ODataError;
import com.microsoft.graph.serviceclient.GraphServiceClient;
import com.microsoft.graph.users.item.sendmail.SendMailPostRequestBody;
import com.microsoft.kiota.RequestInformation;
import com.microsoft.kiota.serialization.Parsable;
import com.microsoft.kiota.serialization.ParsableFactory;
import com.workestra.email.spi.MailboxRef;
import com.workestra.email.spi.ProviderException;
import java.io.ByteArrayInputStream;
import java.util.Base64;
import java.util.HashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST …/sendMail} with the complete MIME message, base64-encoded as {@code text/plain} (Graph's MIME form of
 * sendMail). The SDK's request builder addresses the action; its JSON body is replaced by the MIME content. Graph
 * saves the sent copy to Sent Items and does not return its id.
 */
final class SendMime {

    private static final Logger LOG = LoggerFactory.getLogger(SendMime.class);
    private static final String ACTION = "sending a message";

    private final GraphServiceClient graph;
    private final GraphErrors errors;

    SendMime(GraphServiceClient graph, GraphErrors errors) {
        this.graph = graph;
        this.errors = errors;
    }

    /**
     * Sends the message.
     *
     * @param mime the RFC 5322 message; its In-Reply-To and References headers place it in the conversation
     */
    void execute(MailboxRef mailbox, byte[] mime) throws ProviderException {
        if (mime == null || mime.length == 0) {
            throw new ProviderException.Permanent(GraphErrors.REQUEST_REJECTED, "The message to send is empty.",
                    null);
        }
        try {
            RequestInformation post = Mailboxes.user(graph, mailbox).sendMail()
                    .toPostRequestInformation(new SendMailPostRequestBody());
            post.headers.remove("Content-Type");
            post.setStreamContent(new ByteArrayInputStream(Base64.getEncoder().encode(mime)), "text/plain");
            HashMap<String, ParsableFactory<? extends Parsable>> odataErrors = new HashMap<>();
            odataErrors.put("XXX", ODataError::createFromDiscriminatorValue);
            graph.getRequestAdapter().sendPrimitive(post, odataErrors, Void.class);
        } catch (RuntimeException e) {
            throw errors.map(e, ACTION);
        }
        LOG.debug("mailbox {}: message sent ({} bytes)", mailbox.connectionId(), mime.length);
    }
}
