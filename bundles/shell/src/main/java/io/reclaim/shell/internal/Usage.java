package io.reclaim.shell.internal;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.apache.felix.service.command.Descriptor;

/**
 * A command's usage, read from its {@link Descriptor} and {@code @Parameter} annotations, for
 * shells whose {@code help} runs {@code COMMAND --help} (Karaf's does) instead of reading the
 * annotations itself (Felix Gogo's does).
 */
final class Usage {

    /** What a positional argument holding this asks for. */
    static final String HELP = "--help";

    private Usage() {
    }

    /** Thrown where a positional argument is {@value #HELP}; the command prints its usage. */
    static final class Requested extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        Requested() {
            super(HELP);
        }
    }

    /** @throws Requested if {@code argument} asks for help */
    static void check(Object argument) {
        if (HELP.equals(argument)) {
            throw new Requested();
        }
    }

    /** @return the usage of {@code function} of {@code commands}, longest form first */
    static List<String> of(Class<?> commands, String function) {
        List<Method> forms = new ArrayList<>();
        for (Method method : commands.getMethods()) {
            if (method.getName().equals(function) && !Modifier.isStatic(method.getModifiers())
                    && !Misuse.isCatchAll(method)) {
                forms.add(method);
            }
        }
        forms.sort(Comparator.comparingInt(Method::getParameterCount).reversed());
        List<String> lines = new ArrayList<>();
        if (forms.isEmpty()) {
            return lines;
        }
        Method full = forms.get(0);
        StringBuilder synopsis = new StringBuilder("usage: reclaim:").append(function);
        List<String> details = new ArrayList<>();
        for (Parameter parameter : full.getParameters()) {
            org.apache.felix.service.command.Parameter option =
                    parameter.getAnnotation(org.apache.felix.service.command.Parameter.class);
            Descriptor descriptor = parameter.getAnnotation(Descriptor.class);
            String text = descriptor == null ? "" : descriptor.value();
            if (option != null) {
                String names = String.join(", ", option.names());
                boolean flag = !option.presentValue().equals(org.apache.felix.service.command.Parameter.UNSPECIFIED);
                synopsis.append(" [").append(option.names()[0]).append(flag ? "" : " VALUE").append(']');
                details.add("  " + names + (flag ? "" : " VALUE") + "  " + text);
            } else {
                String name = parameter.getName().toUpperCase(java.util.Locale.ROOT);
                synopsis.append(' ').append(name);
                details.add("  " + name + "  " + text);
            }
        }
        lines.add(synopsis.toString());
        Descriptor description = full.getAnnotation(Descriptor.class);
        if (description != null) {
            lines.add(description.value());
        }
        lines.addAll(details);
        return lines;
    }
}
