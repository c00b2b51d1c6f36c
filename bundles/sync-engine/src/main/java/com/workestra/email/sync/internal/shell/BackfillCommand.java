package com.workestra.email.sync.internal.shell;

import com.workestra.email.api.ApiException;
import com.workestra.email.api.ConnectionView.BackfillView;
import com.workestra.email.store.BackfillRecord;
import com.workestra.email.store.ConnectionRecord;
import com.workestra.email.sync.internal.backfill.Backfills;
import com.workestra.email.sync.internal.connect.ConnectionServiceComponent;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

/**
 * {@code email:backfill}: the latest backfill of every mailbox with its progress; with a connection id and
 * {@code --start <range>}, {@code --pause}, {@code --resume} or {@code --cancel}, moves that mailbox's backfill.
 */
@Command(scope = "email", name = "backfill",
        description = "Lists backfills with their progress, or starts, pauses, resumes or cancels one")
@Service
public class BackfillCommand implements Action {

    @Reference
    private ConnectionServiceComponent connections;

    @Option(name = "-s", aliases = "--start", description = "Start a backfill of this range: 30d, 90d, 12m or all")
    private String start;

    @Option(name = "-p", aliases = "--pause", description = "Pause the mailbox's running backfill")
    private boolean pause;

    @Option(name = "-r", aliases = "--resume", description = "Resume the mailbox's paused (or failed) backfill")
    private boolean resume;

    @Option(name = "-c", aliases = "--cancel", description = "Cancel the mailbox's running or paused backfill")
    private boolean cancel;

    @Argument(index = 0, name = "id", required = false,
            description = "Connection id (see email:connections); needed with an action")
    private String id;

    @Override
    public Object execute() {
        Backfills backfills = connections.backfills();
        int actions = (start != null ? 1 : 0) + (pause ? 1 : 0) + (resume ? 1 : 0) + (cancel ? 1 : 0);
        if (actions > 1) {
            System.out.println("Give one of --start, --pause, --resume or --cancel.");
            return null;
        }
        if (actions == 1) {
            if (id == null) {
                System.out.println("Name the connection id (see email:connections).");
                return null;
            }
            try {
                BackfillRecord b;
                if (start != null) {
                    ConnectionRecord c = connections.lifecycle().overview().stream().map(Map.Entry::getKey)
                            .filter(r -> r.id().equals(id) && r.active()).findFirst().orElse(null);
                    if (c == null) {
                        System.out.println("No active connection " + id + ".");
                        return null;
                    }
                    b = backfills.start(c, start);
                } else {
                    b = backfills.transition(id, pause ? "pause" : resume ? "resume" : "cancel");
                }
                System.out.println("Backfill " + b.id() + " of " + id + ": " + b.state() + ".");
            } catch (ApiException e) {
                System.out.println(e.getMessage());
            }
            return null;
        }
        Map<String, ConnectionRecord> byId = connections.lifecycle().overview().stream().map(Map.Entry::getKey)
                .collect(Collectors.toMap(ConnectionRecord::id, Function.identity()));
        ShellTable table = new ShellTable();
        table.column("Connection");
        table.column("Address");
        table.column("Backfill");
        table.column("Range");
        table.column("State");
        table.column("Processed");
        table.column("Total");
        table.column("Percent");
        table.column("ETA (s)");
        table.column("Problem");
        for (BackfillRecord b : backfills.overview()) {
            ConnectionRecord c = byId.get(b.connectionId());
            BackfillView v = backfills.view(b, c == null ? "" : c.provider());
            table.addRow().addContent(b.connectionId(), c == null ? "" : c.address(), b.id(), b.range(), b.state(),
                    b.processed(), v.total() == null ? "" : v.total(), v.percent() == null ? "" : v.percent() + "%",
                    v.etaSeconds() == null ? "" : v.etaSeconds(), b.lastError() == null ? "" : b.lastError());
        }
        table.print(System.out);
        return null;
    }
}
