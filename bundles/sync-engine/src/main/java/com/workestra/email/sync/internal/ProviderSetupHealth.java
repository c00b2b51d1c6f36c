package com.workestra.email.sync.internal;

import com.workestra.email.api.HealthContributor;
import com.workestra.email.api.HealthStatus;
import com.workestra.email.spi.MailConnector;
import com.workestra.email.sync.internal.connect.ProviderSetup;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * Health component {@code providers}: degraded while no connector runs or a running one has no OAuth client id, so
 * an admin sees why mailboxes cannot be connected before a user tries.
 */
@Component(service = HealthContributor.class)
public class ProviderSetupHealth implements HealthContributor {

    private final Map<String, MailConnector> connectors = new ConcurrentHashMap<>();

    /** Tracks a connector. */
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addConnector(MailConnector connector) {
        connectors.put(connector.provider(), connector);
    }

    /** Forgets a connector. */
    void removeConnector(MailConnector connector) {
        connectors.remove(connector.provider(), connector);
    }

    @Override
    public String name() {
        return "providers";
    }

    @Override
    public HealthStatus check() {
        if (connectors.isEmpty()) {
            return new HealthStatus(HealthStatus.DEGRADED,
                    "No mail connector is running: install workestra-email-connector-gmail or -outlook.", Map.of());
        }
        Map<String, Object> details = new TreeMap<>();
        List<String> problems = new ArrayList<>();
        new TreeMap<>(connectors).forEach((provider, c) -> {
            String problem = ProviderSetup.problem(provider, c.oauth());
            details.put(provider, problem == null ? "configured" : ProviderSetup.NOT_CONFIGURED);
            if (problem != null) {
                problems.add(problem);
            }
        });
        return problems.isEmpty()
                ? HealthStatus.up(details)
                : new HealthStatus(HealthStatus.DEGRADED, String.join(" ", problems), details);
    }
}
