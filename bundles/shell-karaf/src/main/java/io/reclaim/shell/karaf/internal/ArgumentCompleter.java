package io.reclaim.shell.karaf.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import org.apache.karaf.shell.api.console.Candidate;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;

/**
 * Completes one {@code reclaim:*} command line the way Karaf completes its own commands: the
 * command's name in the first word, then an option's name after {@code -}, the value of an option
 * that takes a pid, and each argument by its kind. Karaf asks every command's completer about every
 * line, so a line of another command gets nothing from this one.
 */
final class ArgumentCompleter implements Completer {

    private final String command;
    private final List<String> names;
    private final Supplier<String> description;
    private final Syntax syntax;
    private final Vocabulary vocabulary;

    /**
     * @param scope the command's scope, {@code reclaim}
     * @param name the command's name, {@code kill}
     * @param scoped whether the console is inside the scope's subshell, where the name stands alone
     * @param description the command's description, shown beside its name
     */
    ArgumentCompleter(String scope, String name, boolean scoped, Supplier<String> description, Syntax syntax,
            Vocabulary vocabulary) {
        this.command = scope + ":" + name;
        this.names = scoped ? List.of(name) : List.of(command, name);
        this.description = description;
        this.syntax = syntax;
        this.vocabulary = vocabulary;
    }

    @Override
    public int complete(Session session, CommandLine line, List<String> candidates) {
        List<Candidate> found = new ArrayList<>();
        completeCandidates(session, line, found);
        found.forEach(candidate -> candidates.add(candidate.value()));
        return line.getBufferPosition() - line.getArgumentPosition();
    }

    @Override
    public void completeCandidates(Session session, CommandLine line, List<Candidate> candidates) {
        int cursor = line.getCursorArgumentIndex();
        String[] words = line.getArguments();
        if (cursor < 0 || words.length == 0) {
            return;
        }
        if (cursor == 0) {
            String shown = description.get();
            names.forEach(name -> candidates.add(new Candidate(name, name, null, shown, null, command, true)));
            return;
        }
        // the same test as Karaf's own commands: the first word must name this command in this session
        if (!command.equals(session.resolveCommand(words[0]))) {
            return;
        }
        int argument = 0;
        for (int i = 1; i < cursor; i++) {
            String word = words[i];
            if (syntax.valueOptions().containsKey(word)) {
                if (++i == cursor) {
                    candidates.addAll(vocabulary.words(syntax.valueOptions().get(word)));
                    return;
                }
            } else if (syntax.flags().contains(word)) {
                continue;
            } else if (word.startsWith("-") && !isNumber(word)) {
                return; // an option this command does not have: nothing sensible follows
            } else {
                argument++;
            }
        }
        String typed = cursor < words.length ? words[cursor] : "";
        if (typed.startsWith("-")) {
            syntax.optionNames().stream().sorted()
                    .forEach(option -> candidates.add(Vocabulary.candidate(option, null)));
        } else if (argument < syntax.arguments().size()) {
            candidates.addAll(vocabulary.words(syntax.arguments().get(argument)));
        }
    }

    /** A negative number is an argument (a ranking), not an option. */
    private static boolean isNumber(String word) {
        return word.length() > 1 && word.substring(1).chars().allMatch(Character::isDigit);
    }
}
