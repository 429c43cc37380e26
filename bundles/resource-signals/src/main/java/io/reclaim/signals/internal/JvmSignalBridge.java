package io.reclaim.signals.internal;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Installs handlers for real JVM signals and forwards each one by name. It uses
 * {@code sun.misc.Signal} by reflection, loaded from the system class loader, so the bundle
 * imports nothing from {@code sun.misc} and still resolves on a framework that does not export it;
 * where the class is missing, forwarding is off and a warning says so. The handlers it replaced
 * are put back by {@link #restore()}.
 */
final class JvmSignalBridge {

    private static final Logger LOG = LoggerFactory.getLogger(JvmSignalBridge.class);

    private final Consumer<String> forward;
    // guarded by this
    private final Map<String, Installed> replaced = new LinkedHashMap<>();

    JvmSignalBridge(Consumer<String> forward) {
        this.forward = forward;
    }

    /**
     * Forwards exactly {@code names} from now on: signals no longer named get their previous
     * handler back, new ones get ours. A name the JVM refuses (unknown, or reserved by the VM) is
     * logged and skipped.
     */
    synchronized void forward(List<String> names) {
        for (String name : new ArrayList<>(replaced.keySet())) {
            if (!names.contains(name)) {
                restore(name);
            }
        }
        if (names.isEmpty()) {
            return;
        }
        Reflection reflection = Reflection.load();
        if (reflection == null) {
            LOG.warn("sun.misc.Signal is not available: JVM signals {} are not forwarded", names);
            return;
        }
        for (String name : names) {
            if (replaced.containsKey(name)) {
                continue;
            }
            try {
                Object signal = reflection.newSignal.newInstance(name);
                Object previous = reflection.handle.invoke(null, signal, reflection.handler(name, forward));
                replaced.put(name, new Installed(reflection, signal, previous));
                LOG.info("JVM signal {} is forwarded to the processes that handle it", name);
            } catch (InvocationTargetException e) {
                LOG.warn("JVM signal {} cannot be forwarded: {}", name, e.getCause().getMessage());
            } catch (ReflectiveOperationException | RuntimeException e) {
                LOG.warn("JVM signal {} cannot be forwarded: {}", name, e.toString());
            }
        }
    }

    /** @return the JVM signals forwarded now */
    synchronized List<String> forwarded() {
        return List.copyOf(replaced.keySet());
    }

    /** Puts back every handler this bridge replaced. */
    synchronized void restore() {
        for (String name : new ArrayList<>(replaced.keySet())) {
            restore(name);
        }
    }

    private void restore(String name) {
        Installed installed = replaced.remove(name);
        try {
            installed.reflection().handle.invoke(null, installed.signal(), installed.previous());
            LOG.debug("JVM signal {} has its previous handler back", name);
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.warn("JVM signal {}: its previous handler could not be restored: {}", name, e.toString());
        }
    }

    /** One JVM signal we handle, and the handler that was installed before ours. */
    private record Installed(Reflection reflection, Object signal, Object previous) {
    }

    /** The reflective handles on {@code sun.misc.Signal} and {@code sun.misc.SignalHandler}. */
    private static final class Reflection {
        final ClassLoader loader;
        final Class<?> handlerType;
        final Constructor<?> newSignal;
        final Method handle;

        private Reflection(ClassLoader loader) throws ReflectiveOperationException {
            this.loader = loader;
            Class<?> signalType = Class.forName("sun.misc.Signal", true, loader);
            this.handlerType = Class.forName("sun.misc.SignalHandler", true, loader);
            this.newSignal = signalType.getConstructor(String.class);
            this.handle = signalType.getMethod("handle", signalType, handlerType);
        }

        static Reflection load() {
            try {
                return new Reflection(ClassLoader.getSystemClassLoader());
            } catch (ReflectiveOperationException | LinkageError | SecurityException e) {
                LOG.debug("sun.misc.Signal not loadable", e);
                return null;
            }
        }

        /** A {@code sun.misc.SignalHandler} that forwards the signal's name. */
        Object handler(String name, Consumer<String> forward) {
            return Proxy.newProxyInstance(loader, new Class<?>[] {handlerType}, (proxy, method, args) -> {
                switch (method.getName()) {
                    case "handle":
                        try {
                            forward.accept(name);
                        } catch (Throwable e) { // an Error here would be lost on the JVM's signal thread
                            LOG.warn("forwarding JVM signal {} failed", name, e);
                        }
                        return null;
                    case "equals":
                        return proxy == args[0];
                    case "hashCode":
                        return System.identityHashCode(proxy);
                    default:
                        return "reclaim forwarder of SIG" + name;
                }
            });
        }
    }
}
