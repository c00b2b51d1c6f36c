package com.workestra.email.sync.internal.shell;

import com.workestra.email.api.ConnectionView;
import com.workestra.email.store.ConnectionRecord;
import com.workestra.email.sync.internal.connect.ConnectionServiceComponent;
import java.util.List;
import java.util.Map;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

/** {@code email:connections}: every mailbox connection with its health badge. */
@Command(scope = "email", name = "connections", description = "Lists mailbox connections with their health badge")
@Service
public class ConnectionsCommand implements Action {

    @Reference
    private ConnectionServiceComponent connections;

    @Option(name = "-a", aliases = "--all", description = "Include disconnected connections")
    private boolean all;

    @Override
    public Object execute() {
        List<Map.Entry<ConnectionRecord, ConnectionView.Health>> rows = connections.lifecycle().overview();
        ShellTable table = new ShellTable();
        table.column("Id");
        table.column("Provider");
        table.column("Address");
        table.column("Workspace/User");
        table.column("Status");
        table.column("Badge");
        table.column("Last success");
        table.column("Problem");
        for (Map.Entry<ConnectionRecord, ConnectionView.Health> e : rows) {
            ConnectionRecord c = e.getKey();
            if (!all && !c.active()) {
                continue;
            }
            ConnectionView.Health h = e.getValue();
            table.addRow().addContent(c.id(), c.provider(), c.address(), c.workspaceId() + "/" + c.userId(),
                    c.status(), c.active() ? h.badge() : "-",
                    h.lastSuccessfulSyncAt() == null ? "never" : h.lastSuccessfulSyncAt().toString(),
                    h.code() == null ? "" : h.code());
        }
        table.print(System.out);
        return null;
    }
}
