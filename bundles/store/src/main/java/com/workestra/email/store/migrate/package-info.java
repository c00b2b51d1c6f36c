/** Schema migrations on a DataSource, for bundles that own tables (the plugin's store, the dev host). */
@Export
@Version("1.0.0")
package com.workestra.email.store.migrate;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
