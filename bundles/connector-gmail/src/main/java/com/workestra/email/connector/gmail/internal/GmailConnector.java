package com.workestra.email.connector.gmail.internal;

import com.workestra.email.spi.MailConnector;
import com.workestra.email.spi.MailConnector.Capability;
import java.util.EnumSet;
import java.util.Set;
import org.osgi.service.component.annotations.Component;

/** The gmail connector, registered on the connector whiteboard under {@code provider=gmail}. */
@Component(service = MailConnector.class, property = MailConnector.PROVIDER_PROPERTY + "=gmail")
public class GmailConnector implements MailConnector {

    @Override
    public String provider() {
        return "gmail";
    }

    @Override
    public Set<Capability> capabilities() {
        return EnumSet.of(Capability.INCREMENTAL_SYNC, Capability.BATCH_FETCH);
    }
}
