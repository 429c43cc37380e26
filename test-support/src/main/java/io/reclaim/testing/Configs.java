package io.reclaim.testing;

import java.lang.reflect.Proxy;
import java.util.Map;

/** Configuration as SCR hands it to a component: the given values, the rest at their defaults. */
public final class Configs {

    private Configs() {
    }

    public static <A> A of(Class<A> type, Map<String, Object> values) {
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
