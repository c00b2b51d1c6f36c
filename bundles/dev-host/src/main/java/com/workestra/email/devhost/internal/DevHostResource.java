package com.workestra.email.devhost.internal;

import com.workestra.email.api.ApiException;
import com.workestra.email.api.Caller;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ServiceScope;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsName;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsResource;

/**
 * {@code /devhost/v1/{contacts|deals|tickets|candidates}}: seeds the dev host's module records for demos and tests.
 * Creating a record or changing its addresses is reported to the plugin as a real host would.
 */
@Component(service = DevHostResource.class, scope = ServiceScope.PROTOTYPE)
@JakartarsResource
@JakartarsName("workestra-devhost")
@Path("devhost/v1/{kind: contacts|deals|tickets|candidates}")
@Produces(MediaType.APPLICATION_JSON)
public class DevHostResource {

    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");

    private final DevHost host;

    /** Uses the dev host. */
    @Activate
    public DevHostResource(@Reference DevHost host) {
        this.host = host;
    }

    /** Lists the records of the caller's workspace. */
    @GET
    public List<DevRecord> list(@HeaderParam(HttpHeaders.AUTHORIZATION) String auth, @PathParam("kind") String kind)
            throws SQLException {
        Caller caller = caller(auth);
        return host.tables().list(caller.workspaceId(), type(kind));
    }

    /** One record. */
    @GET
    @Path("{id}")
    public DevRecord get(@HeaderParam(HttpHeaders.AUTHORIZATION) String auth, @PathParam("kind") String kind,
            @PathParam("id") String id) throws SQLException {
        Caller caller = caller(auth);
        return host.tables().find(caller.workspaceId(), type(kind), id)
                .orElseThrow(() -> ApiException.notFound("The record"));
    }

    /** Creates a record. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(@HeaderParam(HttpHeaders.AUTHORIZATION) String auth, @PathParam("kind") String kind,
            RecordInput in) throws SQLException {
        Caller caller = caller(auth);
        if (in == null) {
            throw ApiException.badRequest("body", "Send the record as JSON.");
        }
        String type = type(kind);
        List<String> emails = emails(in, type);
        if (!"deal".equals(type) && emails.isEmpty()) {
            throw ApiException.badRequest("email", "A " + type + " needs at least one email address.");
        }
        if (("contact".equals(type) || "candidate".equals(type) || "deal".equals(type)) && blank(in.name())) {
            throw ApiException.badRequest("name", "A " + type + " needs a name.");
        }
        if ("ticket".equals(type) && blank(in.subject())) {
            throw ApiException.badRequest("subject", "A ticket needs a subject.");
        }
        List<String> refs = in.contactIds() == null ? List.of() : in.contactIds();
        for (String ref : refs) {
            if (host.tables().find(caller.workspaceId(), "contact", ref).isEmpty()) {
                throw ApiException.badRequest("contactIds", "Unknown contact " + ref + ".");
            }
        }
        DevRecord r = host.tables().create(caller.workspaceId(), module(type), type, in.name(), in.subject(),
                emails, refs);
        host.changed(caller.workspaceId(), r);
        return Response.status(201).entity(r).build();
    }

    /** Changes a record (name, subject, addresses, deal participants). */
    @PUT
    @Path("{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    public DevRecord update(@HeaderParam(HttpHeaders.AUTHORIZATION) String auth, @PathParam("kind") String kind,
            @PathParam("id") String id, RecordInput in) throws SQLException {
        Caller caller = caller(auth);
        if (in == null) {
            throw ApiException.badRequest("body", "Send the changes as JSON.");
        }
        String type = type(kind);
        List<String> emails = in.email() == null && in.emails() == null && in.requesterEmail() == null
                ? null : emails(in, type);
        DevRecord r = host.tables().update(caller.workspaceId(), type, id, in.name(), in.subject(), emails,
                in.contactIds()).orElseThrow(() -> ApiException.notFound("The record"));
        host.changed(caller.workspaceId(), r);
        return r;
    }

    private Caller caller(String auth) {
        if (auth == null || !auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw new ApiException(401, "unauthorized", "Sign in first: this call needs a valid bearer token.",
                    Map.of());
        }
        return host.authenticate(auth.substring(7).trim()).orElseThrow(() -> new ApiException(401, "unauthorized",
                "Sign in first: this call needs a valid bearer token.", Map.of()));
    }

    private static List<String> emails(RecordInput in, String type) {
        List<String> all = new ArrayList<>();
        if (in.email() != null) {
            all.add(in.email());
        }
        if (in.emails() != null) {
            all.addAll(in.emails());
        }
        if (in.requesterEmail() != null) {
            all.add(in.requesterEmail());
        }
        List<String> out = new ArrayList<>();
        for (String e : all) {
            String v = e == null ? "" : e.trim().toLowerCase();
            if (!EMAIL.matcher(v).matches() || v.length() > 320) {
                throw ApiException.badRequest("email", "'" + e + "' is not an email address.");
            }
            out.add(v);
        }
        return out;
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static String type(String kind) {
        return switch (kind) {
            case "contacts" -> "contact";
            case "deals" -> "deal";
            case "tickets" -> "ticket";
            default -> "candidate";
        };
    }

    private static String module(String type) {
        return switch (type) {
            case "contact", "deal" -> "crm";
            case "ticket" -> "support";
            default -> "recruiting";
        };
    }
}
