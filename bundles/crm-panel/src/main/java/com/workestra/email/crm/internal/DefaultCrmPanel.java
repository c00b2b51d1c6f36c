package com.workestra.email.crm.internal;

import com.workestra.email.api.Caller;
import com.workestra.email.api.panel.PanelThreadService;
import com.workestra.email.api.panel.CrmPanel;
import com.workestra.email.api.panel.ThreadPage;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** {@link CrmPanel}: threads linked to contacts and deals, as the caller may see them (PanelThreadService). */
@Component(service = CrmPanel.class)
public class DefaultCrmPanel implements CrmPanel {

    private final PanelThreadService threads;

    /** Reads through the panel thread service. */
    @Activate
    public DefaultCrmPanel(@Reference PanelThreadService threads) {
        this.threads = threads;
    }

    @Override
    public ThreadPage contactThreads(Caller caller, String contactId, String cursor, int limit) {
        return threads.page(caller, "crm", "contact", contactId, cursor, limit);
    }

    @Override
    public ThreadPage dealThreads(Caller caller, String dealId, String cursor, int limit) {
        return threads.page(caller, "crm", "deal", dealId, cursor, limit);
    }
}
