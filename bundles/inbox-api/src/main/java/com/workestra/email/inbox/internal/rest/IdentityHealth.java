package com.workestra.email.inbox.internal.rest;

import com.workestra.email.api.HealthContributor;
import com.workestra.email.api.HealthStatus;
import com.workestra.email.spi.IdentityProvider;
import java.util.Map;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/** Health component {@code identity}: degraded while the host provides no {@link IdentityProvider} service. */
@Component(service = HealthContributor.class)
public class IdentityHealth implements HealthContributor {

    /** Error code of user calls refused because no identity provider is present. */
    static final String UNAVAILABLE = "identity_unavailable";

    /** What health and the refused calls say. */
    static final String MISSING = "No identity provider: the host has not registered a "
            + IdentityProvider.class.getName() + " service, so no user call can be authenticated. Install the host's"
            + " identity bundle (README: Install into an existing Karaf, Identity).";

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile IdentityProvider identity;

    @Override
    public String name() {
        return "identity";
    }

    @Override
    public HealthStatus check() {
        IdentityProvider provider = identity;
        return provider == null
                ? new HealthStatus(HealthStatus.DEGRADED, MISSING, Map.of())
                : HealthStatus.up(Map.of("provider", provider.getClass().getName()));
    }
}
