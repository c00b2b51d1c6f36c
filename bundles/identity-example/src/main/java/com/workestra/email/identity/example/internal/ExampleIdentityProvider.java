package com.workestra.email.identity.example.internal;

import com.workestra.email.api.Caller;
import com.workestra.email.spi.IdentityProvider;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The host identity contract in its smallest form: an OSGi service {@link IdentityProvider} that turns the bearer
 * token of a REST call into the signed-in {@link Caller}, or empty when the token is unknown. A real host looks its
 * own sessions up instead of a configured list; everything else stays as here: answer fast (it runs on every call),
 * never throw for a bad token, be thread-safe, keep no token in clear.
 */
@Component(service = IdentityProvider.class, configurationPid = ExampleIdentityProvider.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = ExampleIdentityProvider.Config.class)
public class ExampleIdentityProvider implements IdentityProvider {

    /** Configuration PID. */
    public static final String PID = "com.workestra.email.identity.example";

    /** Users who may call the email API. */
    @ObjectClassDefinition(name = "Workestra Email - example identity provider",
            description = "Bearer tokens of the users who may call the email REST API (example host).")
    public @interface Config {

        /** The users; the leading dot keeps the tokens out of the service properties. */
        @AttributeDefinition(name = "Users", type = AttributeType.PASSWORD,
                description = "token|workspaceId|userId|email|displayName[|admin] entries, comma-separated.")
        String _users() default "";
    }

    private final Map<String, Caller> callersByTokenHash = new HashMap<>();

    /** Reads the users; a malformed entry stops activation with a message naming its position only. */
    @Activate
    public ExampleIdentityProvider(Config config) {
        String[] entries = config._users() == null ? new String[0] : config._users().split(",");
        for (int i = 0; i < entries.length; i++) {
            if (entries[i].isBlank()) {
                continue;
            }
            String[] f = entries[i].strip().split("\\|", -1);
            if (f.length < 5 || f.length > 6 || f[0].isBlank() || f[1].isBlank() || f[2].isBlank()) {
                throw new IllegalArgumentException("users entry " + (i + 1)
                        + " must be token|workspaceId|userId|email|displayName[|admin]");
            }
            Caller caller = new Caller(f[1].strip(), f[2].strip(), f[3].strip(), f[4].strip(),
                    f.length == 6 && Boolean.parseBoolean(f[5].strip()));
            callersByTokenHash.put(hash(f[0].strip()), caller);
        }
    }

    @Override
    public Optional<Caller> authenticate(String bearerToken) {
        return Optional.ofNullable(callersByTokenHash.get(hash(bearerToken)));
    }

    private static String hash(String token) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
