package io.reclaim.api.annotations;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.osgi.service.component.annotations.ComponentPropertyType;

/**
 * Declares, in one line on a DS component, the resource type of a
 * {@link io.reclaim.api.ResourceCleanup} and its default place in the cleanup order:
 *
 * <pre>{@code @ResourceType(reclaim_resource_type = "tempdir", service_ranking = 50)}</pre>
 *
 * <p>The element names are the property names ({@value io.reclaim.api.ResourceCleanup#RESOURCE_TYPE}
 * and {@code service.ranking}); Configuration Admin can override the ranking under the
 * component's pid without a rebuild.
 */
@ComponentPropertyType
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface ResourceType {

    /** The resource type, e.g. {@code "files"}. */
    String reclaim_resource_type();

    /** Higher runs earlier; see the {@code RANKING_*} constants of {@link io.reclaim.api.ResourceCleanup}. */
    int service_ranking() default 0;
}
