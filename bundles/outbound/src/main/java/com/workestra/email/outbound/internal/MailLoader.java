package com.workestra.email.outbound.internal;

import java.io.IOException;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.Callable;
import org.eclipse.angus.activation.MailcapRegistryProviderImpl;
import org.eclipse.angus.mail.util.MailStreamProvider;

/**
 * Runs Jakarta Mail code with a context class loader that sees Angus Mail's and Angus Activation's service files and
 * mailcap: Jakarta Mail finds its StreamProvider and content handlers through the context loader, which in OSGi is
 * not the provider bundles' loader (shared/NOTES-stack.md).
 */
final class MailLoader extends ClassLoader {

    private static final MailLoader INSTANCE = new MailLoader(List.of(MailStreamProvider.class.getClassLoader(),
            MailcapRegistryProviderImpl.class.getClassLoader(), MailLoader.class.getClassLoader()));

    private final List<ClassLoader> delegates;

    private MailLoader(List<ClassLoader> delegates) {
        super(null);
        this.delegates = delegates;
    }

    /** Calls the work with this loader as the thread's context class loader. */
    static <T> T call(Callable<T> work) throws Exception {
        Thread current = Thread.currentThread();
        ClassLoader previous = current.getContextClassLoader();
        current.setContextClassLoader(INSTANCE);
        try {
            return work.call();
        } finally {
            current.setContextClassLoader(previous);
        }
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
        for (ClassLoader l : delegates) {
            try {
                return l.loadClass(name);
            } catch (ClassNotFoundException e) {
                // next delegate
            }
        }
        throw new ClassNotFoundException(name);
    }

    @Override
    protected URL findResource(String name) {
        for (ClassLoader l : delegates) {
            URL u = l.getResource(name);
            if (u != null) {
                return u;
            }
        }
        return null;
    }

    @Override
    protected Enumeration<URL> findResources(String name) throws IOException {
        LinkedHashSet<URL> all = new LinkedHashSet<>();
        for (ClassLoader l : delegates) {
            all.addAll(Collections.list(l.getResources(name)));
        }
        return Collections.enumeration(new ArrayList<>(all));
    }
}
