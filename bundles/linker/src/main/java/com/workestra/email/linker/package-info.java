/**
 * What the three module panels share: paging the threads linked to a host record, with the caller's privacy applied.
 */
@Export
@Version("1.0.0")
package com.workestra.email.linker;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
