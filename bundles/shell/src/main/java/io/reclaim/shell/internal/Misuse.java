package io.reclaim.shell.internal;

import java.lang.reflect.Method;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.apache.felix.service.command.Parameter;

/**
 * What a command says when its arguments fit none of its forms: an unknown option, too many
 * arguments. Each command has a catch-all form, {@code (StringBuilder first, StringBuilder[] rest)},
 * that lands here. Gogo picks the form of the lowest conversion cost, and the catch-all always
 * costs more than a real form that fits (every argument is converted, twice as dear as in a real
 * form: options and pids of real forms are {@code String} or {@code Object}); so it runs only when
 * nothing else fits, instead of Gogo's "Cannot coerce ps(String) to any of [(boolean)]".
 */
final class Misuse {

    /** What Felix Gogo's help says of a catch-all form's parameters. */
    static final String FIRST = "an argument no other form takes: the command says what is wrong, or shows its usage for --help";
    static final String REST = "the arguments after it";

    private Misuse() {
    }

    /**
     * Prints the usage if an argument is {@code --help} (Karaf's {@code help} asks so); otherwise
     * fails with one line saying what is wrong and how the command is used.
     *
     * @throws CommandFailure unless help was asked for
     */
    static void report(Class<?> commands, String function, Object first, Object[] rest) {
        List<String> arguments = new ArrayList<>();
        arguments.add(String.valueOf(first));
        if (rest != null) {
            for (Object argument : rest) {
                arguments.add(String.valueOf(argument));
            }
        }
        List<String> usage = Usage.of(commands, function);
        if (arguments.contains(Usage.HELP)) {
            usage.forEach(System.out::println);
            return;
        }
        Set<String> options = options(commands, function);
        String synopsis = usage.isEmpty() ? "" : " (" + usage.get(0) + ")";
        for (String argument : arguments) {
            if (argument.startsWith("-") && argument.length() > 1 && !options.contains(argument)
                    && !isNumber(argument)) {
                Console.error(function, "unknown option '" + Names.display(argument) + "'" + synopsis);
            }
        }
        Console.error(function, "wrong arguments: " + quoted(arguments) + synopsis);
    }

    /** @return the option names of every form of {@code function} */
    static Set<String> options(Class<?> commands, String function) {
        Set<String> names = new HashSet<>();
        for (Method method : commands.getMethods()) {
            if (!method.getName().equals(function)) {
                continue;
            }
            for (java.lang.reflect.Parameter parameter : method.getParameters()) {
                Parameter option = parameter.getAnnotation(Parameter.class);
                if (option != null) {
                    names.addAll(List.of(option.names()));
                }
            }
        }
        return names;
    }

    /** @return whether {@code method} is a catch-all form, which no usage shows */
    static boolean isCatchAll(Method method) {
        Class<?>[] types = method.getParameterTypes();
        return types.length > 0 && types[types.length - 1] == StringBuilder[].class;
    }

    private static String quoted(List<String> arguments) {
        StringBuilder text = new StringBuilder();
        for (String argument : arguments) {
            if (text.length() > 0) {
                text.append(' ');
            }
            text.append('\'').append(Names.bounded(Names.escape(argument), 40)).append('\'');
            if (text.length() > 200) {
                text.append(" ...");
                break;
            }
        }
        return text.toString();
    }

    private static boolean isNumber(String argument) {
        try {
            new BigDecimal(argument);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
