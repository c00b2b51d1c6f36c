package com.workestra.email.sync.internal.shell;

import com.workestra.email.store.MessageStore.MessageFailure;
import com.workestra.email.sync.internal.connect.ConnectionServiceComponent;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

/** {@code email:failures}: messages the sync failed on, and those it set aside, with their reason. */
@Command(scope = "email", name = "failures", description = "Lists messages the sync failed on or set aside")
@Service
public class FailuresCommand implements Action {

    @Reference
    private ConnectionServiceComponent connections;

    @Option(name = "-n", aliases = "--limit", description = "How many (most recent failure first)")
    private int limit = 50;

    @Override
    public Object execute() {
        ShellTable table = new ShellTable();
        table.column("Connection");
        table.column("Provider id");
        table.column("Attempts");
        table.column("Set aside");
        table.column("Last failure");
        table.column("Reason");
        for (MessageFailure f : connections.messageFailures(Math.max(1, Math.min(limit, 1000)))) {
            table.addRow().addContent(f.connectionId(), f.providerId(), f.attempts(), f.setAside() ? "yes" : "no",
                    String.valueOf(f.lastFailedAt()), f.reason());
        }
        table.print(System.out);
        return null;
    }
}
