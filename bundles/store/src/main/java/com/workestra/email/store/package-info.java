/**
 * The plugin's persistence as services and records for the other bundles: connections, their tokens (sealed at rest),
 * and one-time OAuth states. JPA entities stay inside the store bundle.
 */
@Export
@Version("1.5.0")
package com.workestra.email.store;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
