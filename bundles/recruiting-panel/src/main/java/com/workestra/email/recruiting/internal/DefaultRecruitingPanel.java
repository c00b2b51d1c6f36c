package com.workestra.email.recruiting.internal;

import com.workestra.email.api.Caller;
import com.workestra.email.api.panel.PanelThreadService;
import com.workestra.email.api.panel.RecruitingPanel;
import com.workestra.email.api.panel.ThreadPage;
import com.workestra.email.store.LinkStore;
import java.util.List;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** {@link RecruitingPanel}: a candidate's threads and mailed applications, as the caller may see them (PanelThreadService). */
@Component(service = RecruitingPanel.class)
public class DefaultRecruitingPanel implements RecruitingPanel {

    private final LinkStore store;
    private final PanelThreadService threads;

    /** Reads the links. */
    @Activate
    public DefaultRecruitingPanel(@Reference LinkStore store, @Reference PanelThreadService threads) {
        this.store = store;
        this.threads = threads;
    }

    @Override
    public ThreadPage candidateThreads(Caller caller, String candidateId, String cursor, int limit) {
        return threads.page(caller, "recruiting", "candidate", candidateId, cursor, limit);
    }

    @Override
    public List<Application> applications(Caller caller, String candidateId) {
        if (candidateId == null || candidateId.isBlank() || candidateId.length() > 100) {
            return List.of();
        }
        return store.applications(caller.workspaceId(), caller.userId(), candidateId).stream()
                .map(a -> new Application(a.messageId(), a.connectionId(), a.subject(), a.receivedAt(),
                        a.files().stream().map(f -> new FileInfo(f.filename(), f.contentType(), f.sizeBytes()))
                                .toList()))
                .toList();
    }
}
