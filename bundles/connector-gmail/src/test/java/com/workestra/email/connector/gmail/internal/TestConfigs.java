package com.workestra.email.connector.gmail.internal;

import java.lang.reflect.Proxy;
import java.util.Map;

/**
 * Builds {@link GmailConnector.Config} instances the way DS does: metatype defaults, overridden per configuration key
 * (DS names: method {@code _clientSecret} reads key {@code .clientSecret}).
 */
final class TestConfigs {

    private TestConfigs() {
    }

    static GmailConnector.Config gmail(Map<String, Object> overrides) {
        return (GmailConnector.Config) Proxy.newProxyInstance(GmailConnector.Config.class.getClassLoader(),
                new Class<?>[] {GmailConnector.Config.class}, (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "annotationType":
                            return GmailConnector.Config.class;
                        case "toString":
                            return "Config" + overrides.keySet();
                        case "hashCode":
                            return System.identityHashCode(proxy);
                        case "equals":
                            return proxy == args[0];
                        default:
                            String key = key(method.getName());
                            return overrides.containsKey(key) ? overrides.get(key) : method.getDefaultValue();
                    }
                });
    }

    /** The DS 1.4 mapping of an annotation method name to a property key, for the underscores we use. */
    private static String key(String methodName) {
        return methodName.replace("__", "\u0000").replace('_', '.').replace('\u0000', '_');
    }
}
