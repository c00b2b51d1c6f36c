package com.workestra.email.inbox.internal.view;

import com.workestra.email.api.ApiException;
import com.workestra.email.api.Caller;
import com.workestra.email.store.InboxStore;
import com.workestra.email.store.InboxStore.FeedPage;
import com.workestra.email.store.InboxStore.FeedQuery;
import com.workestra.email.store.InboxStore.NewNotification;
import com.workestra.email.store.InboxStore.StoredMessage;
import com.workestra.email.store.InboxStore.Tab;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The inbox use cases behind the REST resources: validates input (400 naming the field), scopes everything to the
 * caller (404 for what is not theirs) and turns stored messages into sanitized views.
 */
public final class InboxViews {

    /** Default page size. */
    public static final int DEFAULT_LIMIT = 25;
    private static final Set<String> MODULES = Set.of("crm", "support", "recruiting");
    private static final Set<String> KINDS = Set.of("mention", "assigned", "activity");
    private static final Pattern MODULE_NAME = Pattern.compile("[a-z][a-z0-9-]{0,19}");

    private final InboxStore store;
    private final Clock clock;

    /** Works on the store. */
    public InboxViews(InboxStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** GET /inbox. */
    public FeedPage feed(Caller caller, String tab, String connection, String q, String cursor, String limit) {
        Tab t;
        String module = null;
        String name = tab == null || tab.isBlank() ? "all" : tab.strip().toLowerCase(Locale.ROOT);
        if (name.startsWith("module:")) {
            module = name.substring("module:".length());
            if (!MODULES.contains(module)) {
                throw ApiException.badRequest("tab", "tab must be all, unread, emails, mentions, assigned,"
                        + " module:crm, module:support or module:recruiting.");
            }
            t = Tab.MODULE;
        } else {
            t = switch (name) {
                case "all" -> Tab.ALL;
                case "unread" -> Tab.UNREAD;
                case "emails" -> Tab.EMAILS;
                case "mentions" -> Tab.MENTIONS;
                case "assigned" -> Tab.ASSIGNED;
                default -> throw ApiException.badRequest("tab", "tab must be all, unread, emails, mentions,"
                        + " assigned, module:crm, module:support or module:recruiting.");
            };
        }
        int size = DEFAULT_LIMIT;
        if (limit != null && !limit.isBlank()) {
            try {
                size = Integer.parseInt(limit.strip());
            } catch (NumberFormatException e) {
                size = -1;
            }
            if (size < 1 || size > 100) {
                throw ApiException.badRequest("limit", "limit must be a number from 1 to 100.");
            }
        }
        String text = q == null || q.isBlank() ? null : q.strip();
        if (text != null && text.length() > 200) {
            throw ApiException.badRequest("q", "q must be at most 200 characters.");
        }
        String conn = connection == null || connection.isBlank() ? null : connection.strip();
        if (conn != null && (conn.length() > 36 || !store.ownsConnection(caller.workspaceId(), caller.userId(),
                conn))) {
            throw ApiException.notFound("Connection");
        }
        try {
            return store.feed(new FeedQuery(caller.workspaceId(), caller.userId(), t, module, conn, text,
                    cursor == null || cursor.isBlank() ? null : cursor.strip(), size));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("cursor", "cursor must be the nextCursor of a previous page.");
        }
    }

    /** GET /messages/{id}. */
    public MessageView message(Caller caller, String id, boolean showImages) {
        StoredMessage m = store.message(caller.workspaceId(), caller.userId(), checkId(id))
                .orElseThrow(() -> ApiException.notFound("Message"));
        return view(m, showImages, store.ownAddresses(caller.workspaceId(), caller.userId()));
    }

    /** The view with its compose drafts; own addresses are those of the caller's active connections. */
    private static MessageView view(StoredMessage m, boolean showImages, Map<String, String> own) {
        return MessageView.of(m, showImages, ComposeDrafts.of(m, own.get(m.connectionId()),
                Set.copyOf(own.values())));
    }

    /**
     * A thread for display.
     *
     * @param id thread id
     * @param subject subject of its first message
     * @param messages its messages, oldest first
     */
    public record ThreadView(String id, String subject, List<MessageView> messages) {
    }

    /** GET /threads/{id}. */
    public ThreadView thread(Caller caller, String id, boolean showImages) {
        List<StoredMessage> messages = store.thread(caller.workspaceId(), caller.userId(), checkId(id));
        if (messages.isEmpty()) {
            throw ApiException.notFound("Thread");
        }
        Map<String, String> own = store.ownAddresses(caller.workspaceId(), caller.userId());
        return new ThreadView(id, messages.get(0).subject(),
                messages.stream().map(m -> view(m, showImages, own)).toList());
    }

    /**
     * Outcome of POST /messages/{id}/read.
     *
     * @param id message id
     * @param read the state now
     * @param providerSync {@code pending}: the provider is updated in the background
     */
    public record ReadResult(String id, boolean read, String providerSync) {
    }

    /** POST /messages/{id}/read. */
    public ReadResult markRead(Caller caller, String id, Boolean read) {
        if (read == null) {
            throw ApiException.badRequest("read", "Send {\"read\": true} or {\"read\": false}.");
        }
        if (!store.markRead(caller.workspaceId(), caller.userId(), checkId(id), read, clock.instant())) {
            throw ApiException.notFound("Message");
        }
        return new ReadResult(id, read, "pending");
    }

    /**
     * Body of POST /notifications.
     *
     * @param kind mention, assigned or activity
     * @param module the host module
     * @param title title
     * @param body body or null
     * @param userId target user (in the caller's workspace)
     * @param objectRef the host object it is about
     */
    public record NotificationBody(String kind, String module, String title, String body, String userId,
            String objectRef) {
    }

    /**
     * POST /notifications (host modules and admins only): stored in the caller's workspace for the target user with
     * the caller as its creator; returns its id and creator.
     */
    public Map<String, String> notify(Caller caller, NotificationBody b) {
        if (!caller.admin() && !caller.service()) {
            // a user could otherwise put anything into any colleague's inbox
            throw new ApiException(403, "host_module_required", "Notifications are posted by host modules (a"
                    + " service credential) or workspace administrators.", Map.of());
        }
        if (b == null) {
            throw ApiException.badRequest("body", "Send {kind, module, title, body?, userId, objectRef}.");
        }
        if (b.kind() == null || !KINDS.contains(b.kind())) {
            throw ApiException.badRequest("kind", "kind must be mention, assigned or activity.");
        }
        if (b.module() == null || !MODULE_NAME.matcher(b.module()).matches()) {
            throw ApiException.badRequest("module", "module must be a module name such as crm, support or"
                    + " recruiting.");
        }
        require("title", b.title(), 300);
        if (b.body() != null && b.body().length() > 2000) {
            throw ApiException.badRequest("body", "body must be at most 2000 characters.");
        }
        require("userId", b.userId(), 64);
        require("objectRef", b.objectRef(), 200);
        String id = store.notify(new NewNotification(caller.workspaceId(), b.userId().strip(), b.kind(), b.module(),
                b.title().strip(), b.body(), b.objectRef().strip(), caller.userId()), clock.instant());
        return Map.of("id", id, "createdBy", caller.userId());
    }

    private static void require(String field, String value, int max) {
        if (value == null || value.isBlank() || value.length() > max) {
            throw ApiException.badRequest(field, field + " is required (at most " + max + " characters).");
        }
    }

    private static String checkId(String id) {
        if (id == null || id.isBlank() || id.length() > 36) {
            throw ApiException.notFound("Message");
        }
        return id;
    }
}
