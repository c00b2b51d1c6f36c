/**
 * Module-facing services and records of the Workestra email integration: what host modules and the plugin's own
 * bundles call in-process.
 */
@Export
@Version("1.3.0")
package com.workestra.email.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
