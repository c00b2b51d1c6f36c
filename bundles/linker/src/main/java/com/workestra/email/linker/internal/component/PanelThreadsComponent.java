package com.workestra.email.linker.internal.component;

import com.workestra.email.api.Caller;
import com.workestra.email.api.SafeHtml;
import com.workestra.email.api.panel.PanelThreadService;
import com.workestra.email.api.panel.PanelThreadView;
import com.workestra.email.api.panel.ThreadPage;
import com.workestra.email.linker.PanelThreads;
import com.workestra.email.spi.ModuleMembership;
import com.workestra.email.store.LinkStore;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/** {@link PanelThreadService} on the link store, with the host's module membership and the HTML sanitizer. */
@Component(service = PanelThreadService.class)
public class PanelThreadsComponent implements PanelThreadService {

    private final PanelThreads threads;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile ModuleMembership membership;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile SafeHtml safeHtml;

    /** Reads through the link store. */
    @Activate
    public PanelThreadsComponent(@Reference LinkStore store) {
        this.threads = new PanelThreads(store, () -> membership, () -> safeHtml);
    }

    @Override
    public ThreadPage page(Caller caller, String module, String objectType, String objectId, String cursor,
            int limit) {
        return threads.page(caller, module, objectType, objectId, cursor, limit);
    }

    @Override
    public PanelThreadView thread(Caller caller, String module, String objectType, String objectId,
            String threadId) {
        return threads.thread(caller, module, objectType, objectId, threadId);
    }
}
