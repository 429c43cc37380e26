package io.reclaim.itests.karaf;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.security.PrivilegedActionException;
import java.security.PrivilegedExceptionAction;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import javax.security.auth.Subject;

import org.apache.karaf.jaas.boot.principal.RolePrincipal;
import org.apache.karaf.jaas.boot.principal.UserPrincipal;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.api.console.SessionFactory;

/**
 * One Karaf shell session, as the administrator at the console has it: variables set by one
 * command ({@code pid = reclaim:spawn ...}) are seen by the next, and Karaf's command ACLs see the
 * admin role (without a subject, {@code feature:install} is "not found"). Every command runs on
 * the session's own thread with a bounded wait, so a hanging command fails the test instead of
 * stalling it.
 */
final class KarafShell implements AutoCloseable {

    /** What a command printed and what it returned. */
    record Result(String command, Object value, String output) {
    }

    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(buffer, true, StandardCharsets.UTF_8);
    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> new Thread(r, "karaf-shell-it"));
    private final Session session;
    private final Subject admin = new Subject();

    KarafShell(SessionFactory sessions) {
        this.session = sessions.create(new ByteArrayInputStream(new byte[0]), out, out);
        admin.getPrincipals().add(new UserPrincipal("karaf"));
        admin.getPrincipals().add(new RolePrincipal("admin"));
        admin.getPrincipals().add(new RolePrincipal("manager"));
        admin.getPrincipals().add(new RolePrincipal("viewer"));
    }

    /**
     * Runs {@code command} and waits at most {@code seconds} for it.
     *
     * @throws AssertionError if the command throws or does not finish in time, with what it printed
     */
    Result execute(String command, long seconds) {
        buffer.reset();
        PrivilegedExceptionAction<Object> run = () -> session.execute(command);
        Future<Object> result = thread.submit(() -> Subject.doAs(admin, run));
        try {
            Object value = result.get(seconds, TimeUnit.SECONDS);
            out.flush();
            return new Result(command, value, buffer.toString(StandardCharsets.UTF_8));
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() instanceof PrivilegedActionException p ? p.getCause() : e.getCause();
            throw new AssertionError("'" + command + "' failed: " + cause + "\n" + printed(), cause);
        } catch (TimeoutException e) {
            result.cancel(true);
            throw new AssertionError("'" + command + "' did not finish within " + seconds + " s\n" + printed());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while running '" + command + "'", e);
        }
    }

    private String printed() {
        out.flush();
        return buffer.toString(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        session.close();
        thread.shutdownNow();
    }
}
