package com.workestra.email.api;

/**
 * A component that reports its own health to {@code GET /email/v1/health}. Registered as an OSGi service by each
 * bundle that has something to report (database, migrations, scheduler, connectors...).
 */
public interface HealthContributor {

    /** The component name shown in the health document, unique per contributor. */
    String name();

    /** Checks the component now; must return within a second and never throw. */
    HealthStatus check();
}
