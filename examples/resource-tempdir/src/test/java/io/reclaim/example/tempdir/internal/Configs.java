package io.reclaim.example.tempdir.internal;

import java.lang.reflect.Proxy;
import java.util.Map;

/** Configuration as SCR hands it to a component: the given values, the rest at their defaults. */
final class Configs {

    private Configs() {
    }

    static <A> A of(Class<A> type, Map<String, Object> values) {
        Object config = Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type},
                (proxy, method, args) -> {
                    if (method.getDeclaringClass() == Object.class) {
                        return method.getName().equals("toString") ? values.toString() : null;
                    }
                    return values.getOrDefault(method.getName(), method.getDefaultValue());
                });
        return type.cast(config);
    }
}
