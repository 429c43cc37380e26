package io.reclaim.shell.internal;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.osgi.service.component.annotations.ComponentPropertyType;

/**
 * Registers a component's public methods as Gogo commands, in one line:
 * {@code @ReclaimCommand(function = {"ps", "kill"})} sets {@code osgi.command.scope=reclaim} and
 * {@code osgi.command.function}, the two properties Gogo's command processor looks for.
 */
@ComponentPropertyType
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface ReclaimCommand {

    String PREFIX_ = "osgi.command.";

    /** The command scope, typed before the colon: {@code reclaim:ps}. */
    String scope() default "reclaim";

    /** The methods to expose as commands. */
    String[] function();
}
