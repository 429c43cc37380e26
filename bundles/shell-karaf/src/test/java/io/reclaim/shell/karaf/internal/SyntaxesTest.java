package io.reclaim.shell.karaf.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.junit.Test;

import io.reclaim.shell.internal.ConfigCommands;
import io.reclaim.shell.internal.PlanCommands;
import io.reclaim.shell.internal.ProcessCommands;
import io.reclaim.shell.internal.ResourceCommands;
import io.reclaim.shell.internal.SignalCommands;

/** The syntax completion assumes for each command is the one its Gogo methods accept. */
public class SyntaxesTest {

    private static final Map<String, Class<?>> GOGO = Map.of("spawn", ProcessCommands.class, "kill",
            ProcessCommands.class, "resources", ResourceCommands.class, "give", ResourceCommands.class, "plan",
            PlanCommands.class, "signal", SignalCommands.class, "rank", ConfigCommands.class);

    @Test
    public void everyCompletedCommandHasItsGogoOptionsAndAsManyArguments() {
        assertEquals(GOGO.keySet(), Syntaxes.COMMANDS.keySet());
        for (Map.Entry<String, Syntax> entry : Syntaxes.COMMANDS.entrySet()) {
            String function = entry.getKey();
            Syntax syntax = entry.getValue();
            Set<String> flags = new HashSet<>();
            Set<String> valueOptions = new HashSet<>();
            int arguments = 0;
            for (Method method : GOGO.get(function).getMethods()) {
                // the described forms are the real ones; the others only report misuse
                if (!method.getName().equals(function) || method.getAnnotation(Descriptor.class) == null) {
                    continue;
                }
                int positional = 0;
                for (Annotation[] annotations : method.getParameterAnnotations()) {
                    Parameter option = option(annotations);
                    if (option == null) {
                        positional++;
                    } else if (option.presentValue().equals(Parameter.UNSPECIFIED)) {
                        valueOptions.addAll(List.of(option.names()));
                    } else {
                        flags.addAll(List.of(option.names()));
                    }
                }
                arguments = Math.max(arguments, positional);
            }
            assertTrue(function + " has no described Gogo method", arguments > 0 || !flags.isEmpty());
            assertEquals(function + " flags", flags, syntax.flags());
            assertEquals(function + " options with a value", valueOptions, syntax.valueOptions().keySet());
            assertEquals(function + " arguments", arguments, syntax.arguments().size());
        }
    }

    private static Parameter option(Annotation[] annotations) {
        for (Annotation annotation : annotations) {
            if (annotation instanceof Parameter parameter) {
                return parameter;
            }
        }
        return null;
    }

    @Test
    public void theFunctionsPropertyIsReadAsGogoReadsIt() {
        assertEquals(List.of("kill"), CommandCompletion.functions("kill"));
        assertEquals(List.of("spawn", "ps", "kill"), CommandCompletion.functions(new String[] {"spawn", "ps", "kill"}));
        assertEquals(List.of(), CommandCompletion.functions(null));
        Map<String, Object> none = new HashMap<>();
        assertEquals(List.of(), CommandCompletion.functions(none.get("osgi.command.function")));
    }
}
