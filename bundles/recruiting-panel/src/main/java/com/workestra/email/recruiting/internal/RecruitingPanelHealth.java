package com.workestra.email.recruiting.internal;

import com.workestra.email.api.HealthContributor;
import com.workestra.email.api.HealthStatus;
import com.workestra.email.spi.RecruitingDirectory;
import java.util.Map;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/** Reports whether the host provides the recruiting directory ({@link RecruitingDirectory}) this panel links mail to. */
@Component(service = HealthContributor.class)
public class RecruitingPanelHealth implements HealthContributor {

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile RecruitingDirectory directory;

    @Override
    public String name() {
        return "recruiting-panel";
    }

    @Override
    public HealthStatus check() {
        return directory == null
                ? new HealthStatus(HealthStatus.DEGRADED, "The host does not provide the recruiting directory yet.",
                        Map.of())
                : HealthStatus.up(Map.of("hostDirectory", directory.getClass().getSimpleName()));
    }
}
