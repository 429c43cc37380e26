package io.reclaim.launcher;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.charset.Charset;
import java.util.Hashtable;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;

/**
 * Runs the commands of a run whose input is not a terminal ({@code printf 'reclaim:ps\n' | java -jar
 * reclaim.jar}, a file, a pipe a supervisor keeps open) straight on Gogo's command processor, without
 * the interactive shell: no terminal, line editor or completion to start, so a one-command run
 * costs the framework and the commands alone.
 *
 * <p>Each line is one program, as the interactive shell reads it: a line whose program is not complete
 * yet (an open quote, brace or bracket) is joined with the next, and one still incomplete at the end of
 * the input is a failed command with its own line. A result that is not {@code null} is printed as
 * the shell prints it; a command that throws prints its one line on stderr, is kept in
 * {@code $exception} and counted by {@link FailedCommands}. Gogo's builtins ({@code echo}, {@code each},
 * {@code grep} ...) are taken from its shell bundle without starting it. The web stack is not needed
 * by a run whose input ends at once: {@code onIdle} runs the first time the input keeps the shell
 * waiting longer than {@link #IDLE_MILLIS}, so a run fed over time (a supervisor, a test, a pipe left
 * open) gets it.
 */
final class ScriptedShell {

    static final String PROCESSOR = "org.apache.felix.service.command.CommandProcessor";
    static final String GOGO_SHELL = "org.apache.felix.gogo.jline";
    /** How long the input may keep the shell waiting before the run counts as long-lived. */
    static final long IDLE_MILLIS = Long.getLong("reclaim.shell.idle.millis", 200);
    /** Gogo's {@code Converter.INSPECT}: how the interactive shell prints a command's result. */
    private static final int INSPECT = 0;
    private static final String[] BUILTINS = {"Builtin", "Procedural", "Posix"};
    /**
     * What the interactive shell's login sets up that a script may use: the framework's bundle
     * context as the {@code context:*} commands, {@code java.lang.System} as {@code system:*},
     * and {@code e} to print the last failure's stack trace.
     */
    private static final List<String> PROFILE = List.of(
            "SCOPE = 'gogo:*'",
            "addcommand context ${.context}",
            "addcommand system (((${.context} getClass) getClassLoader) loadClass java.lang.System)",
            "e = { $exception printStackTrace }");
    /**
     * Gogo counts a session's own output as a terminal, so {@code grep} and {@code ls} would colour
     * what goes to a pipe or a file: empty styles keep their output plain text.
     */
    private static final List<String> PLAIN = List.of(
            "GREP_COLORS = 'mt=:ms=:mc=:sl=:cx=:fn=:ln=:bn=:se='",
            "LS_COLORS = 'dr=:ex=:sl=:ot=:fi=:di=:ln=:pi=:so=:bd=:cd=:or=:mi='");
    static final String JLINE = "org.jline";
    /** The width Gogo's commands lay their columns out for ({@code ls}), as a terminal's would be. */
    private static final int COLUMNS = 80;

    private final BundleContext context;
    private final PrintStream out;
    private final PrintStream err;
    private final Runnable onIdle;
    private int incomplete;

    /**
     * @param out the process's own stdout, taken before Gogo replaces {@code System.out} with its
     *            per-thread stream
     */
    ScriptedShell(BundleContext context, PrintStream out, PrintStream err, Runnable onIdle) {
        this.context = context;
        this.out = out;
        this.err = err;
        this.onIdle = onIdle;
    }

    /** @return how many programs were still incomplete at the end of the input (0 or 1) */
    int incomplete() {
        return incomplete;
    }

    /** Runs every program of {@code input}, then returns; the caller stops the framework. */
    void run(InputStream input) throws IOException, ReflectiveOperationException {
        ServiceReference<?> reference = context.getServiceReference(PROCESSOR);
        if (reference == null) {
            err.println("reclaim: no Gogo command processor; the commands of the input are not run");
            incomplete = 1;
            return;
        }
        Object processor = context.getService(reference);
        ScheduledExecutorService idle = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "reclaim-shell-idle");
            thread.setDaemon(true);
            return thread;
        });
        try {
            registerBuiltins(processor);
            GogoSession session = new GogoSession(processor, out, err);
            try {
                session.put(".context", context);
                Object terminal = dumbTerminal();
                if (terminal != null) {
                    session.put(".terminal", terminal);
                }
                for (String line : PROFILE) {
                    session.execute(line);
                }
                if (System.console() == null) { // the output is not a terminal
                    for (String line : PLAIN) {
                        session.execute(line);
                    }
                }
                runLines(new BufferedReader(new InputStreamReader(input, Charset.defaultCharset())), idle, session,
                        new GogoParser(runtime()));
            } finally {
                session.close();
            }
        } finally {
            idle.shutdownNow();
            context.ungetService(reference);
        }
    }

    private void runLines(BufferedReader lines, ScheduledExecutorService idle, GogoSession session,
            GogoParser parser) throws IOException, ReflectiveOperationException {
        StringBuilder program = new StringBuilder();
        int number = 0;
        int first = 0;
        boolean waited = false;
        while (true) {
            ScheduledFuture<?> wait = waited ? null : idle.schedule(onIdle, IDLE_MILLIS, TimeUnit.MILLISECONDS);
            String line = lines.readLine();
            if (wait != null && !wait.cancel(false)) {
                waited = true;
            }
            if (line == null) {
                break;
            }
            number++;
            if (program.length() == 0) {
                if (line.isBlank()) {
                    continue;
                }
                first = number;
            } else {
                program.append('\n');
            }
            program.append(line);
            if (parser.needsMore(program)) {
                continue; // the next line completes it
            }
            StartupTrace.phase("running line " + number);
            try {
                Object result = session.execute(program);
                if (result != null && session.formats()) {
                    out.println(session.format(result));
                }
            } catch (InvocationTargetException e) {
                session.put("exception", e.getCause());
                err.println(describe(e.getCause(), first, number));
            }
            out.flush();
            program.setLength(0);
        }
        if (program.length() > 0) {
            incomplete = 1;
            err.println("reclaim: line " + first + ": the input ends inside a command (" + unclosed(program)
                    + "): " + abbreviate(program));
        }
    }

    /**
     * One line, as the interactive shell shows it: a Reclaim command's failure is already its line;
     * anything else gets the line number and what the shell could not do.
     */
    static String describe(Throwable failure, int first, int last) {
        String where = first == last ? "line " + first : "lines " + first + "-" + last;
        if (failure instanceof RuntimeException && failure.toString().startsWith("reclaim:")) {
            return failure.toString();
        }
        if (failure instanceof java.io.EOFException) {
            // the line parsed, so a quoted argument did not: Gogo reads a quote inside quotes again
            return "reclaim: " + where + ": the shell cannot expand an argument: " + failure.getMessage()
                    + " (escape a quote inside a quoted argument with a backslash)";
        }
        String message = failure.getMessage();
        return "reclaim: " + where + ": " + (message == null || message.isBlank() ? failure.toString()
                : failure.getClass().getSimpleName() + ": " + message.lines().findFirst().orElse(""));
    }

    /** @return what is left open at the end of {@code program}: a quote, a brace, a bracket or a parenthesis */
    static String unclosed(CharSequence program) {
        char quote = 0;
        StringBuilder open = new StringBuilder();
        for (int i = 0; i < program.length(); i++) {
            char c = program.charAt(i);
            if (c == '\\') {
                i++;
            } else if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
            } else if (c == '{' || c == '[' || c == '(') {
                open.append(c);
            } else if ((c == '}' || c == ']' || c == ')') && open.length() > 0) {
                open.setLength(open.length() - 1);
            }
        }
        if (quote != 0) {
            return "unclosed " + quote;
        }
        return open.length() > 0 ? "unclosed " + open.charAt(open.length() - 1) : "incomplete";
    }

    /** The program on one line, at most 80 characters, control characters (escape sequences ...) as {@code ?}. */
    static String abbreviate(CharSequence program) {
        String text = program.toString().replace('\n', ' ').replaceAll("\\p{Cntrl}", "?");
        return text.length() <= 80 ? text : text.substring(0, 77) + "...";
    }

    /**
     * Registers Gogo's builtins, as its shell bundle's activator does when it starts, from that
     * bundle's classes: the bundle itself is not started, since its activator would open a terminal
     * and a shell of its own on stdin.
     */
    private void registerBuiltins(Object processor) {
        Bundle shell = null;
        for (Bundle bundle : context.getBundles()) {
            if (GOGO_SHELL.equals(bundle.getSymbolicName())) {
                shell = bundle;
            }
        }
        if (shell == null) {
            return;
        }
        for (String name : BUILTINS) {
            try {
                Class<?> type = shell.loadClass(GOGO_SHELL + "." + name);
                Object commands = name.equals("Posix")
                        ? type.getConstructor(shell.loadClass(PROCESSOR)).newInstance(processor)
                        : type.getConstructor().newInstance();
                Field functions = type.getDeclaredField("functions");
                functions.setAccessible(true);
                Hashtable<String, Object> properties = new Hashtable<>();
                properties.put("osgi.command.scope", "gogo");
                properties.put("osgi.command.function", functions.get(null));
                context.registerService(type.getName(), commands, properties);
            } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
                err.println("reclaim: Gogo's " + name.toLowerCase() + " commands are missing: " + e);
            }
        }
    }

    /**
     * A dumb JLine terminal, {@value #COLUMNS} columns wide, from the JLine bundle's classes (the
     * bundle is not started): Gogo's {@code ls} lays out its columns for the session's terminal and
     * failed without one. It writes nothing itself, and owns no descriptor or thread.
     *
     * @return the terminal, or {@code null} without JLine
     */
    private Object dumbTerminal() {
        for (Bundle jline : context.getBundles()) {
            if (!JLINE.equals(jline.getSymbolicName())) {
                continue;
            }
            try {
                Class<?> type = jline.loadClass("org.jline.terminal.impl.DumbTerminal");
                Object terminal = type.getConstructor(String.class, String.class, InputStream.class, OutputStream.class,
                        Charset.class).newInstance("reclaim", "dumb", InputStream.nullInputStream(),
                                OutputStream.nullOutputStream(), Charset.defaultCharset());
                Class<?> size = jline.loadClass("org.jline.terminal.Size");
                type.getMethod("setSize", size).invoke(terminal, size.getConstructor(int.class, int.class)
                        .newInstance(COLUMNS, 24));
                return terminal;
            } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
                err.println("reclaim: Gogo's ls has no terminal to lay its columns out for: " + e);
            }
        }
        return null;
    }

    private Bundle runtime() {
        for (Bundle bundle : context.getBundles()) {
            if (FailedCommands.GOGO_RUNTIME.equals(bundle.getSymbolicName())) {
                return bundle;
            }
        }
        return null;
    }

    private static Method method(Object target, String name, Class<?>... parameters) throws NoSuchMethodException {
        for (Class<?> type : target.getClass().getInterfaces()) {
            try {
                return type.getMethod(name, parameters);
            } catch (NoSuchMethodException e) {
                // the next interface
            }
        }
        return target.getClass().getMethod(name, parameters);
    }

    /**
     * A Gogo {@code CommandSession}, reached through its interface's methods: the launcher does not
     * have Gogo's classes on its class path.
     */
    private static final class GogoSession {
        private final Object session;
        private final Method execute;
        private final Method put;
        private final Method get;
        private final Method format;

        GogoSession(Object processor, PrintStream out, PrintStream err) throws ReflectiveOperationException {
            // commands read no script lines: the input is the shell's
            session = method(processor, "createSession", InputStream.class, OutputStream.class, OutputStream.class)
                    .invoke(processor, InputStream.nullInputStream(), out, err);
            execute = method(session, "execute", CharSequence.class);
            put = method(session, "put", String.class, Object.class);
            get = method(session, "get", String.class);
            format = method(session, "format", Object.class, int.class);
        }

        /** @throws InvocationTargetException carrying what the program threw */
        Object execute(CharSequence program) throws ReflectiveOperationException {
            Object result = execute.invoke(session, program);
            put("_", result);
            return result;
        }

        void put(String name, Object value) throws ReflectiveOperationException {
            put.invoke(session, name, value);
        }

        /** @return whether results are printed, as Gogo's {@code .Gogo.format} variable says */
        boolean formats() throws ReflectiveOperationException {
            return !Boolean.FALSE.equals(get.invoke(session, ".Gogo.format"));
        }

        Object format(Object result) throws ReflectiveOperationException {
            return format.invoke(session, result, INSPECT);
        }

        void close() throws ReflectiveOperationException {
            method(session, "close").invoke(session);
        }
    }

    /**
     * Gogo's own parser, asked whether a text is a whole program yet: it throws its {@code EOFError}
     * when the text ends inside a quote, a closure or a list, as it does for the interactive shell's
     * continuation lines.
     */
    private static final class GogoParser {
        private final Constructor<?> parser;
        private final Method program;

        GogoParser(Bundle runtime) {
            Constructor<?> constructor = null;
            Method parse = null;
            try {
                Class<?> type = runtime.loadClass("org.apache.felix.gogo.runtime.Parser");
                constructor = type.getConstructor(CharSequence.class);
                parse = type.getMethod("program");
            } catch (ReflectiveOperationException | RuntimeException e) {
                // without it every line is a program of its own
            }
            parser = constructor;
            program = parse;
        }

        boolean needsMore(CharSequence text) {
            if (parser == null) {
                return false;
            }
            try {
                program.invoke(parser.newInstance(text));
                return false;
            } catch (InvocationTargetException e) {
                return e.getCause() != null
                        && e.getCause().getClass().getName().equals("org.apache.felix.gogo.runtime.EOFError");
            } catch (ReflectiveOperationException e) {
                return false;
            }
        }
    }
}
