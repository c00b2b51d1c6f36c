package com.workestra.email.support.internal;

import com.workestra.email.api.HealthContributor;
import com.workestra.email.api.HealthStatus;
import com.workestra.email.spi.SupportDesk;
import java.util.Map;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/** Reports whether the host provides the support directory ({@link SupportDesk}) this panel links mail to. */
@Component(service = HealthContributor.class)
public class SupportPanelHealth implements HealthContributor {

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile SupportDesk directory;

    @Override
    public String name() {
        return "support-panel";
    }

    @Override
    public HealthStatus check() {
        return directory == null
                ? new HealthStatus(HealthStatus.DEGRADED, "The host does not provide the support directory yet.",
                        Map.of())
                : HealthStatus.up(Map.of("hostDirectory", directory.getClass().getSimpleName()));
    }
}
