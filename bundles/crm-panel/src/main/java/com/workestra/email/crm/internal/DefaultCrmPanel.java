package com.workestra.email.crm.internal;

import com.workestra.email.api.Caller;
import com.workestra.email.api.panel.CrmPanel;
import com.workestra.email.api.panel.ThreadPage;
import com.workestra.email.linker.PanelThreads;
import com.workestra.email.store.LinkStore;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** {@link CrmPanel}: threads linked to contacts and deals, from the caller's own mailboxes. */
@Component(service = CrmPanel.class)
public class DefaultCrmPanel implements CrmPanel {

    private final PanelThreads threads;

    /** Reads the links. */
    @Activate
    public DefaultCrmPanel(@Reference LinkStore store) {
        this.threads = new PanelThreads(store);
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
