package com.workestra.email.sync.internal.connect;

import com.workestra.email.api.HealthContributor;
import com.workestra.email.api.HealthStatus;
import com.workestra.email.store.MessageStore;
import com.workestra.email.store.MessageStore.MessageFailure;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * The {@code messages} component of the health document (admins): how many messages the sync set aside because they
 * kept failing, and the latest ones with their reason. Set-aside messages do not make the service unhealthy; their
 * mailboxes go on without them.
 */
@Component(service = HealthContributor.class)
public class MessageFailuresHealth implements HealthContributor {

    private static final int SHOWN = 10;
    private static final int COUNTED = 1000;

    // the store's service directly (not the connection service): the health endpoint binds every contributor, and
    // a light one never waits for the sync engine's activation
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile MessageStore messages;

    @Override
    public String name() {
        return "messages";
    }

    @Override
    public HealthStatus check() {
        MessageStore store = messages;
        if (store == null) {
            return HealthStatus.up(Map.of("setAside", 0, "failing", 0));
        }
        List<MessageFailure> failures = store.failures(COUNTED);
        List<MessageFailure> aside = failures.stream().filter(MessageFailure::setAside).toList();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("setAside", aside.size());
        details.put("failing", failures.size() - aside.size());
        details.put("latestSetAside", aside.stream().limit(SHOWN).map(f -> Map.of("connectionId", f.connectionId(),
                "providerId", f.providerId(), "attempts", f.attempts(), "reason", f.reason(),
                "lastFailedAt", String.valueOf(f.lastFailedAt()))).toList());
        return HealthStatus.up(details);
    }
}
