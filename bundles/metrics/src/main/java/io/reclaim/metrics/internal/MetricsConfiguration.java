package io.reclaim.metrics.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Reclaim metrics", description = "The Prometheus endpoint of Reclaim")
@interface MetricsConfiguration {

    @AttributeDefinition(name = "Path", description = "Where the HTTP Whiteboard serves the metrics")
    String osgi_http_whiteboard_servlet_pattern() default "/metrics";
}
