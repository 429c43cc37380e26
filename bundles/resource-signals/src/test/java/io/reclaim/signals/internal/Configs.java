package io.reclaim.signals.internal;

import java.lang.reflect.Proxy;

import io.reclaim.api.ResourceCleanup;

/** Configurations as Configuration Admin would hand them to the component. */
final class Configs {

    private Configs() {
    }

    static Config config(String[] forwardJvmSignals, int handlerThreads, int maxPending) {
        return (Config) Proxy.newProxyInstance(Config.class.getClassLoader(), new Class<?>[] {Config.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "forward_jvm_signals" -> forwardJvmSignals;
                    case "handler_threads" -> handlerThreads;
                    case "max_pending" -> maxPending;
                    case "drain_timeout_millis" -> 1000L;
                    case "service_ranking" -> ResourceCleanup.RANKING_SIGNALS;
                    case "annotationType" -> Config.class;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }
}
