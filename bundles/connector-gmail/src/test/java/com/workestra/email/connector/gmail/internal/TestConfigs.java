package com.workestra.email.connector.gmail.internal;

import java.lang.reflect.Proxy;
import java.util.Map;

/** Builds {@link GmailConnector.Config} instances the way DS does: metatype defaults, overridden per key. */
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
                            return overrides.containsKey(method.getName()) ? overrides.get(method.getName())
                                    : method.getDefaultValue();
                    }
                });
    }
}
