package io.reclaim.api;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What to spawn: a named process, optionally backed by a real OS child.
 *
 * @param name a human-readable name, not blank
 * @param command the OS command line (program and arguments); empty for a logical process
 * @param environment variables added to the OS child's environment
 * @param workingDirectory the OS child's working directory, or {@code null} for the platform's
 * @param properties free-form settings that resource bundles read (e.g. a memory quota)
 * @param parent the pid this process belongs to, or {@code null}: a process with a parent is part
 *     of its tree, ends when its parent ends (unless {@code detached}) and is refused while the
 *     parent is not running
 * @param detached whether the process outlives its parent's ending (it stays in the tree for
 *     {@code kill --tree} until then)
 * @param heir the pid that inherits this process's resources of the types that allow it when it
 *     ends, or {@code null}
 */
public record ProcessSpec(String name, List<String> command, Map<String, String> environment,
        Path workingDirectory, Map<String, String> properties, Pid parent, boolean detached, Pid heir) {

    /**
     * @throws IllegalArgumentException if the name is blank or the command has a blank program
     */
    public ProcessSpec {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a process needs a name");
        }
        command = List.copyOf(command);
        if (!command.isEmpty() && command.get(0).isBlank()) {
            throw new IllegalArgumentException("the command's program is blank");
        }
        environment = Map.copyOf(environment);
        properties = Map.copyOf(properties);
    }

    /** A process with no parent and no heir. */
    public ProcessSpec(String name, List<String> command, Map<String, String> environment, Path workingDirectory,
            Map<String, String> properties) {
        this(name, command, environment, workingDirectory, properties, null, false, null);
    }

    /** A logical process (no OS child) called {@code name}. */
    public static ProcessSpec named(String name) {
        return new ProcessSpec(name, List.of(), Map.of(), null, Map.of());
    }

    /** The same spec, backed by an OS child running {@code commandLine}. */
    public ProcessSpec withCommand(String... commandLine) {
        return withCommand(List.of(commandLine));
    }

    public ProcessSpec withCommand(List<String> commandLine) {
        return new ProcessSpec(name, commandLine, environment, workingDirectory, properties, parent, detached, heir);
    }

    public ProcessSpec withEnvironment(String key, String value) {
        return new ProcessSpec(name, command, put(environment, key, value), workingDirectory, properties, parent,
                detached, heir);
    }

    public ProcessSpec withWorkingDirectory(Path directory) {
        return new ProcessSpec(name, command, environment, directory, properties, parent, detached, heir);
    }

    public ProcessSpec withProperty(String key, String value) {
        return new ProcessSpec(name, command, environment, workingDirectory, put(properties, key, value), parent,
                detached, heir);
    }

    /** The same spec as a child of {@code parentPid}, ended with it. */
    public ProcessSpec withParent(Pid parentPid) {
        return new ProcessSpec(name, command, environment, workingDirectory, properties, parentPid, false, heir);
    }

    /** The same spec as a child of {@code parentPid} that outlives its parent's ending. */
    public ProcessSpec detachedFrom(Pid parentPid) {
        return new ProcessSpec(name, command, environment, workingDirectory, properties, parentPid, true, heir);
    }

    /** The same spec, naming the pid that inherits its resources (of the types that allow it) when it ends. */
    public ProcessSpec withHeir(Pid heirPid) {
        return new ProcessSpec(name, command, environment, workingDirectory, properties, parent, detached, heirPid);
    }

    /**
     * Splits a command line as a user types it (the shell's {@code reclaim:spawn -c}, the web
     * console's Spawn form) on whitespace. Single or double quotes keep whitespace inside one
     * argument ({@code sh -c 'sleep 1'}); there are no escapes, and a quote of one kind may hold
     * the other kind.
     *
     * @throws IllegalArgumentException if the line is blank or a quote is not closed
     */
    public static List<String> splitCommandLine(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        char quote = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    word.append(c);
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
                inWord = true;
            } else if (Character.isWhitespace(c)) {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
            } else {
                word.append(c);
                inWord = true;
            }
        }
        if (quote != 0) {
            throw new IllegalArgumentException("the command has an unclosed " + quote + " quote: " + line);
        }
        if (inWord) {
            words.add(word.toString());
        }
        if (words.isEmpty()) {
            throw new IllegalArgumentException("the command is empty");
        }
        return List.copyOf(words);
    }

    public boolean hasCommand() {
        return !command.isEmpty();
    }

    private static Map<String, String> put(Map<String, String> map, String key, String value) {
        Map<String, String> copy = new LinkedHashMap<>(map);
        copy.put(key, value);
        return copy;
    }
}
