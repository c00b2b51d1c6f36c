package com.workestra.email.connector.outlook.internal;

import com.microsoft.graph.models.User;
import com.microsoft.graph.serviceclient.GraphServiceClient;
import com.workestra.email.spi.ProviderAccount;
import com.workestra.email.spi.ProviderException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code GET /me}: whom the access token belongs to. */
final class GetMe {

    private static final Logger LOG = LoggerFactory.getLogger(GetMe.class);
    private static final String ACTION = "reading the account profile";

    private final GraphServiceClient graph;
    private final GraphErrors errors;

    GetMe(GraphServiceClient graph, GraphErrors errors) {
        this.graph = graph;
        this.errors = errors;
    }

    /**
     * Reads the signed-in user.
     *
     * @return the user's immutable object id, mail address (the user principal name when the user has no mailbox
     *         address) and display name
     * @throws ProviderException when Graph refuses or cannot be reached
     */
    ProviderAccount execute() throws ProviderException {
        User me;
        try {
            me = graph.me().get(request -> request.queryParameters.select =
                    new String[] {"id", "mail", "userPrincipalName", "displayName"});
        } catch (RuntimeException e) {
            throw errors.map(e, ACTION);
        }
        if (me == null || blank(me.getId())) {
            throw new ProviderException.Permanent(GraphErrors.REQUEST_REJECTED,
                    "Microsoft 365 returned an account profile without an id.", null);
        }
        String address = blank(me.getMail()) ? me.getUserPrincipalName() : me.getMail();
        if (blank(address)) {
            throw new ProviderException.Permanent(GraphErrors.REQUEST_REJECTED,
                    "The Microsoft 365 account has neither a mail address nor a user principal name.", null);
        }
        LOG.debug("mailbox {}: profile read", me.getId());
        return new ProviderAccount(me.getId(), address, me.getDisplayName());
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
