package io.reclaim.launcher;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.concurrent.atomic.AtomicInteger;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;

/**
 * Counts the command lines of the shell that failed, so that a run reading its commands from stdin
 * exits non-zero when one did, as a shell script run with {@code -e} would. It listens as a Gogo
 * {@code CommandSessionListener}, whose {@code afterExecute(session, line, exception)} Gogo calls
 * for every line that threw; the launcher does not have Gogo's classes on its class path, so the
 * listener is a proxy of the interface as the Gogo runtime bundle loads it.
 */
final class FailedCommands {

    static final String GOGO_RUNTIME = "org.apache.felix.gogo.runtime";
    static final String LISTENER = "org.apache.felix.service.command.CommandSessionListener";

    private final AtomicInteger failed = new AtomicInteger();

    /**
     * Registers the listener; before the shell starts, so that no line goes uncounted.
     *
     * @return whether it could (it cannot without the Gogo runtime bundle)
     */
    boolean listen(BundleContext context) {
        for (Bundle bundle : context.getBundles()) {
            if (GOGO_RUNTIME.equals(bundle.getSymbolicName())) {
                try {
                    Class<?> type = bundle.loadClass(LISTENER);
                    Object listener = Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, this::invoke);
                    context.registerService(LISTENER, listener, null);
                    return true;
                } catch (ClassNotFoundException | RuntimeException e) {
                    System.err.println("reclaim: cannot count failed commands, the exit code will not tell: " + e);
                    return false;
                }
            }
        }
        return false;
    }

    /** @return how many command lines failed so far */
    int count() {
        return failed.get();
    }

    private Object invoke(Object proxy, Method method, Object[] args) {
        switch (method.getName()) {
            case "afterExecute":
                // (session, line, Exception) on a failure; (session, line, Object result) otherwise
                if (args.length == 3 && args[2] instanceof Exception
                        && method.getParameterTypes()[2] == Exception.class) {
                    failed.incrementAndGet();
                }
                return null;
            case "hashCode":
                return System.identityHashCode(proxy);
            case "equals":
                return proxy == args[0];
            case "toString":
                return "reclaim launcher: failed command counter";
            default:
                return null;
        }
    }
}
