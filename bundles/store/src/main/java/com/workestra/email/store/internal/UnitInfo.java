package com.workestra.email.store.internal;

import jakarta.persistence.SharedCacheMode;
import jakarta.persistence.ValidationMode;
import jakarta.persistence.spi.ClassTransformer;
import jakarta.persistence.spi.PersistenceUnitInfo;
import jakarta.persistence.spi.PersistenceUnitTransactionType;
import java.net.URL;
import java.util.List;
import java.util.Properties;
import javax.sql.DataSource;

/** The persistence unit described in code: resource-local, on the host's DataSource, explicit entity list. */
final class UnitInfo implements PersistenceUnitInfo {

    private final DataSource dataSource;
    private final ClassLoader loader;
    private final List<String> entities;
    private final Properties properties;

    UnitInfo(DataSource dataSource, ClassLoader loader, List<Class<?>> entities, Properties properties) {
        this.dataSource = dataSource;
        this.loader = loader;
        this.entities = entities.stream().map(Class::getName).toList();
        this.properties = properties;
    }

    @Override
    public String getPersistenceUnitName() {
        return "workestra-email";
    }

    @Override
    public String getPersistenceProviderClassName() {
        return "org.eclipse.persistence.jpa.PersistenceProvider";
    }

    @Override
    public PersistenceUnitTransactionType getTransactionType() {
        return PersistenceUnitTransactionType.RESOURCE_LOCAL;
    }

    @Override
    public DataSource getJtaDataSource() {
        return null;
    }

    @Override
    public DataSource getNonJtaDataSource() {
        return dataSource;
    }

    @Override
    public List<String> getMappingFileNames() {
        return List.of();
    }

    @Override
    public List<URL> getJarFileUrls() {
        return List.of();
    }

    @Override
    public URL getPersistenceUnitRootUrl() {
        // The root of the bundle (or jar) holding the entities; EclipseLink needs one even with an explicit list.
        URL manifest = loader.getResource("META-INF/MANIFEST.MF");
        if (manifest == null) {
            return null;
        }
        String s = manifest.toString();
        try {
            return new URL(s.substring(0, s.length() - "META-INF/MANIFEST.MF".length()));
        } catch (java.net.MalformedURLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public List<String> getManagedClassNames() {
        return entities;
    }

    @Override
    public boolean excludeUnlistedClasses() {
        return true;
    }

    @Override
    public SharedCacheMode getSharedCacheMode() {
        // Several nodes write the same tables: no shared (L2) cache that could serve stale rows.
        return SharedCacheMode.NONE;
    }

    @Override
    public ValidationMode getValidationMode() {
        return ValidationMode.NONE;
    }

    @Override
    public Properties getProperties() {
        return properties;
    }

    @Override
    public String getPersistenceXMLSchemaVersion() {
        return "3.0";
    }

    @Override
    public ClassLoader getClassLoader() {
        return loader;
    }

    @Override
    public void addTransformer(ClassTransformer transformer) {
        // weaving is off
    }

    @Override
    public ClassLoader getNewTempClassLoader() {
        return loader;
    }
}
