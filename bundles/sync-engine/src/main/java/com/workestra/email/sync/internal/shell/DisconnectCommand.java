package com.workestra.email.sync.internal.shell;

import com.workestra.email.sync.internal.connect.ConnectionServiceComponent;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code email:disconnect <id>}: disconnects a mailbox (sync stops, tokens revoked and deleted, mail kept). */
@Command(scope = "email", name = "disconnect", description = "Disconnects a mailbox; its synced mail is kept")
@Service
public class DisconnectCommand implements Action {

    @Reference
    private ConnectionServiceComponent connections;

    @Argument(index = 0, name = "id", required = true, description = "Connection id (see email:connections)")
    private String id;

    @Override
    public Object execute() {
        boolean done = connections.lifecycle().disconnect(id);
        System.out.println(done ? "Disconnected " + id + " (mail kept)." : "No active connection " + id + ".");
        return null;
    }
}
