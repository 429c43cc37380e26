package io.reclaim.shell.karaf.internal;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The words after a {@code reclaim:*} command, as far as completion needs them: which options take
 * a value and of what kind, which are flags, and the kind of each argument in order. The Gogo
 * methods stay the only definition of what a command accepts; {@code SyntaxesTest} checks that
 * this reading of them still matches.
 *
 * @param valueOptions every spelling of an option that takes the next word as its value, with that value's kind
 * @param flags every spelling of an option that stands alone
 * @param arguments the kind of each argument, first to last
 */
record Syntax(Map<String, Kind> valueOptions, Set<String> flags, List<Kind> arguments) {

    /** What a word is, and so what completes it. */
    enum Kind {
        /** A live process's pid. */
        PID,
        /** A resource type, as {@code reclaim:handlers} names it. */
        TYPE,
        /** A signal name. */
        SIGNAL,
        /** Anything else: a name, a number, a command line; nothing is offered. */
        TEXT
    }

    Syntax {
        valueOptions = Map.copyOf(valueOptions);
        flags = Set.copyOf(flags);
        arguments = List.copyOf(arguments);
    }

    /** @return a syntax of these arguments, without options */
    static Syntax of(Kind... arguments) {
        return new Syntax(Map.of(), Set.of(), List.of(arguments));
    }

    /** @return this syntax with one more option taking a value of {@code kind}, spelt any of {@code names} */
    Syntax option(Kind kind, String... names) {
        Map<String, Kind> options = new HashMap<>(valueOptions);
        for (String name : names) {
            options.put(name, kind);
        }
        return new Syntax(options, flags, arguments);
    }

    /** @return this syntax with one more flag, spelt any of {@code names} */
    Syntax flag(String... names) {
        Set<String> all = new HashSet<>(flags);
        all.addAll(List.of(names));
        return new Syntax(valueOptions, all, arguments);
    }

    /** @return every spelling of every option, value-taking or flag */
    Set<String> optionNames() {
        Set<String> names = new HashSet<>(valueOptions.keySet());
        names.addAll(flags);
        return names;
    }
}
