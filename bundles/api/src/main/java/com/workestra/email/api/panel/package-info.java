/**
 * Module panels: the services host module UIs (CRM, Support, Recruiting) call in-process to show the mail linked to
 * their records, and the records they return.
 */
@Export
@Version("1.1.0")
package com.workestra.email.api.panel;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
