package com.workestra.email.linker.internal.component;

import com.workestra.email.spi.DirectoryListener;
import com.workestra.email.spi.HostPerson;
import com.workestra.email.store.LinkStore;
import java.time.Instant;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Whiteboard {@link DirectoryListener}: a host record created or re-addressed becomes a persisted relink request, so
 * existing mail is linked to it retroactively by the {@link LinkerJob}, in the background and in bounded slices.
 */
@Component(service = DirectoryListener.class)
public class RelinkListener implements DirectoryListener {

    private final LinkStore store;

    /** Uses the link store. */
    @Activate
    public RelinkListener(@Reference LinkStore store) {
        this.store = store;
    }

    @Override
    public void addressesChanged(HostPerson person) {
        if (person == null || person.objectId() == null || person.workspaceId() == null || person.emails().isEmpty()) {
            return;
        }
        store.requestRelink(person.workspaceId(), new LinkStore.Target(person.module(), person.objectType(),
                person.objectId()), person.emails(), Instant.now());
    }
}
