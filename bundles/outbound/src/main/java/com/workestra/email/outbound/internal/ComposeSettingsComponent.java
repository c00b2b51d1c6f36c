package com.workestra.email.outbound.internal;

import com.workestra.email.api.WorkspaceMailer;
import com.workestra.email.store.ConnectionStore;
import com.workestra.email.store.OutboundStore;
import java.time.Clock;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/** OSGi adapter of {@link ComposeSettings}, with workspace email as an optional dynamic service. */
@Component(service = ComposeSettingsComponent.class)
public class ComposeSettingsComponent {

    private final ComposeSettings settings;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile WorkspaceMailer mailer;

    /** Builds the settings on the stores. */
    @Activate
    public ComposeSettingsComponent(@Reference ConnectionStore connections, @Reference OutboundStore outbound) {
        this.settings = new ComposeSettings(connections, outbound, () -> mailer, Clock.systemUTC());
    }

    ComposeSettings settings() {
        return settings;
    }
}
