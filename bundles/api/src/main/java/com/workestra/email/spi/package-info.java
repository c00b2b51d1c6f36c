/**
 * Service provider interfaces: the connector SPI implemented by provider connectors, and the host SPI the Workestra
 * host implements (caller identity, CRM, support, recruiting directories).
 */
@Export
@Version("1.4.0")
package com.workestra.email.spi;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
