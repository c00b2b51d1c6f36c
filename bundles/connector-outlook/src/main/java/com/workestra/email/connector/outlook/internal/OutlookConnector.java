package com.workestra.email.connector.outlook.internal;

import com.workestra.email.spi.MailConnector;
import com.workestra.email.spi.MailConnector.Capability;
import java.util.EnumSet;
import java.util.Set;
import org.osgi.service.component.annotations.Component;

/** The outlook connector, registered on the connector whiteboard under {@code provider=outlook}. */
@Component(service = MailConnector.class, property = MailConnector.PROVIDER_PROPERTY + "=outlook")
public class OutlookConnector implements MailConnector {

    @Override
    public String provider() {
        return "outlook";
    }

    @Override
    public Set<Capability> capabilities() {
        return EnumSet.of(Capability.INCREMENTAL_SYNC, Capability.PUSH, Capability.SHARED_MAILBOXES, Capability.BATCH_FETCH);
    }
}
