package com.workestra.email.store.internal;

import jakarta.persistence.EntityManagerFactory;
import java.util.List;
import java.util.Properties;
import javax.sql.DataSource;
import org.eclipse.persistence.jpa.PersistenceProvider;

/** Builds the EclipseLink EntityManagerFactory on a DataSource, with the bundle's class loader. */
final class PersistenceUnitFactory {

    private PersistenceUnitFactory() {
    }

    static EntityManagerFactory create(DataSource dataSource, List<Class<?>> entities) {
        ClassLoader loader = PersistenceUnitFactory.class.getClassLoader();
        Properties props = new Properties();
        props.put("eclipselink.weaving", "false");
        props.put("eclipselink.classloader", loader);
        props.put("eclipselink.logging.logger", "JavaLogger");
        props.put("eclipselink.ddl-generation", "none");
        // never write bound values (tokens are sealed, but bodies and addresses are not) or failing SQL to the log
        props.put("eclipselink.logging.parameters", "false");
        props.put("eclipselink.logging.exceptions", "false");
        props.put("eclipselink.cache.shared.default", "false");
        props.put("eclipselink.jdbc.batch-writing", "JDBC");
        props.put("eclipselink.jdbc.batch-writing.size", "200");
        props.put("eclipselink.persistence-context.flush-mode", "commit");
        Thread current = Thread.currentThread();
        ClassLoader previous = current.getContextClassLoader();
        current.setContextClassLoader(loader);
        try {
            return new PersistenceProvider().createContainerEntityManagerFactory(
                    new UnitInfo(dataSource, loader, entities, props), props);
        } finally {
            current.setContextClassLoader(previous);
        }
    }
}
