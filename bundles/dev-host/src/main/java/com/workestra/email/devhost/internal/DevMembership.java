package com.workestra.email.devhost.internal;

import com.workestra.email.spi.ModuleMembership;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The dev host's module membership (host SPI {@link ModuleMembership}): who belongs to CRM, Support and Recruiting,
 * from the setting {@code members} of {@code com.workestra.email.devhost.modules}.
 */
@Component(service = ModuleMembership.class, configurationPid = DevMembership.PID)
@Designate(ocd = DevMembership.Config.class)
public class DevMembership implements ModuleMembership {

    /** Configuration PID. */
    public static final String PID = "com.workestra.email.devhost.modules";

    /** Module membership of the dev host's users. */
    @ObjectClassDefinition(name = "Workestra dev host: module members",
            description = "Which users belong to which modules; shared and intake mailboxes of a module are visible"
                    + " in full to its members.")
    public @interface Config {

        /** The members. */
        @AttributeDefinition(name = "Members", description = "Comma-separated userId:module+module entries, modules"
                + " among crm, support, recruiting; a user not named belongs to none.")
        String members() default "demo:crm+support+recruiting";
    }

    private volatile Map<String, Set<String>> members = Map.of();

    /** Reads the setting. */
    @Activate
    public DevMembership(Config config) {
        modified(config);
    }

    /** Applies a changed setting at once. */
    @Modified
    void modified(Config config) {
        this.members = parse(config.members());
    }

    static Map<String, Set<String>> parse(String spec) {
        Map<String, Set<String>> out = new HashMap<>();
        if (spec == null) {
            return out;
        }
        for (String entry : spec.split(",")) {
            int colon = entry.indexOf(':');
            if (colon <= 0) {
                continue;
            }
            Set<String> modules = new TreeSet<>();
            for (String m : entry.substring(colon + 1).split("\\+")) {
                if (!m.isBlank()) {
                    modules.add(m.strip().toLowerCase(Locale.ROOT));
                }
            }
            out.put(entry.substring(0, colon).strip(), Set.copyOf(modules));
        }
        return Map.copyOf(out);
    }

    @Override
    public Set<String> modules(String workspaceId, String userId) {
        return members.getOrDefault(userId, Set.of());
    }
}
