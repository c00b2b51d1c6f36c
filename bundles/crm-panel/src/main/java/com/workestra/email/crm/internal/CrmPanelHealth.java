package com.workestra.email.crm.internal;

import com.workestra.email.api.HealthContributor;
import com.workestra.email.api.HealthStatus;
import com.workestra.email.spi.CrmDirectory;
import java.util.Map;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/** Reports whether the host provides the crm directory ({@link CrmDirectory}) this panel links mail to. */
@Component(service = HealthContributor.class)
public class CrmPanelHealth implements HealthContributor {

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile CrmDirectory directory;

    @Override
    public String name() {
        return "crm-panel";
    }

    @Override
    public HealthStatus check() {
        return directory == null
                ? new HealthStatus(HealthStatus.DEGRADED, "The host does not provide the crm directory yet.",
                        Map.of())
                : HealthStatus.up(Map.of("hostDirectory", directory.getClass().getSimpleName()));
    }
}
