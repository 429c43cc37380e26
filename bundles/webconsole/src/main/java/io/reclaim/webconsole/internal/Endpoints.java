package io.reclaim.webconsole.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import java.util.function.Function;

import org.osgi.framework.BundleContext;
import org.osgi.service.cm.ConfigurationAdmin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.reclaim.api.ProcessManager;
import io.reclaim.api.ResourceOrchestrator;

/**
 * The page's JSON and actions, apart from any servlet API, so that the Web Console 5 (Jakarta)
 * plugin and the Web Console 4 (javax, Karaf's own console) plugin answer alike. Every POST needs
 * the token of {@code token.json}: the Felix console has no CSRF protection of its own.
 */
final class Endpoints {

    static final String TOKEN_HEADER = "X-Reclaim-Token";
    static final String LABEL = "reclaim";
    /** The chart: one sample every 2 s, ten minutes of them. */
    static final int SAMPLE_SECONDS = 2;
    static final int SAMPLES = 300;

    private static final Logger LOG = LoggerFactory.getLogger(Endpoints.class);

    /** An answer: an HTTP status and its JSON body. */
    record Reply(int status, String json) {
        static Reply ok(Object value) {
            return new Reply(200, Json.write(value));
        }

        static Reply error(int status, String message) {
            return new Reply(status, Json.write(Map.of("error", message == null ? "failed" : message)));
        }
    }

    private final Views views;
    private final Actions actions;
    private final RankingStore rankings;
    private final Series series;
    /** Proves that a POST comes from a page this console served, not from another site the user visits. */
    private final String token;

    Endpoints(Views views, Actions actions, RankingStore rankings, Series series) {
        this.views = views;
        this.actions = actions;
        this.rankings = rankings;
        this.series = series;
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        this.token = HexFormat.of().formatHex(random);
    }

    /** Here, not in a plugin class: each plugin class loads only where its console's servlet API is. */
    static Endpoints create(BundleContext context, ProcessManager processes, ResourceOrchestrator orchestrator,
            ConfigurationAdmin configurations) {
        Views views = new Views(processes, orchestrator);
        RankingStore rankings = new RankingStore(context, configurations);
        return new Endpoints(views, new Actions(processes, orchestrator, views, rankings), rankings,
                new Series(orchestrator, processes, SAMPLE_SECONDS, SAMPLES));
    }

    String token() {
        return token;
    }

    /** @return the part of a path info after the label: "" for the page, "processes.json", "res/..." */
    static String resource(String pathInfo, String label) {
        if (pathInfo == null) {
            return "";
        }
        String prefix = "/" + label;
        String rest = pathInfo.startsWith(prefix) ? pathInfo.substring(prefix.length()) : pathInfo;
        return rest.startsWith("/") ? rest.substring(1) : rest;
    }

    /** @return the answer to a GET, or null when the resource is not one of ours (the page, its files) */
    Reply get(String resource) {
        try {
            return switch (resource) {
                case "processes.json" -> Reply.ok(views.processes());
                case "handlers.json" -> Reply.ok(views.handlers(rankings));
                case "history.json" -> Reply.ok(views.history());
                case "leaks.json" -> Reply.ok(views.leaksJson());
                case "series.json" -> Reply.ok(series.toJson());
                case "token.json" -> Reply.ok(Map.of("header", TOKEN_HEADER, "token", token));
                case "spawn", "kill", "ranking", "reap" ->
                    Reply.error(405, resource + " changes the platform: POST only");
                default -> null;
            };
        } catch (Throwable t) {
            return failed(resource, t);
        }
    }

    /**
     * @param sentToken the {@value #TOKEN_HEADER} header, or the {@code token} parameter
     * @param parameters the request's parameters by name
     */
    Reply post(String resource, String sentToken, Function<String, String> parameters) {
        if (sentToken == null
                || !MessageDigest.isEqual(sentToken.getBytes(StandardCharsets.UTF_8), token.getBytes(StandardCharsets.UTF_8))) {
            return Reply.error(403, "missing or wrong " + TOKEN_HEADER + " (see token.json)");
        }
        try {
            return switch (resource) {
                case "spawn" -> Reply.ok(actions.spawn(parameters.apply("name"), parameters.apply("command")));
                case "kill" -> Reply.ok(actions.kill(parameters.apply("pid"), parameters.apply("grace")));
                case "ranking" -> Reply.ok(actions.ranking(parameters.apply("type"), parameters.apply("ranking")));
                case "reap" -> Reply.ok(actions.reap());
                default -> Reply.error(404, "no action " + resource);
            };
        } catch (IllegalArgumentException | IllegalStateException e) {
            return Reply.error(400, e.getMessage());
        } catch (Throwable t) {
            return failed(resource, t);
        }
    }

    private static Reply failed(String resource, Throwable t) {
        LOG.warn("the Reclaim page could not answer {}", resource, t);
        if (t instanceof VirtualMachineError fatal) {
            throw fatal;
        }
        return Reply.error(500, String.valueOf(t));
    }

    /** The page, for the console to frame. */
    static String page(String template, String root, String token) {
        return template.replace("${root}", root).replace("${token}", token);
    }

    /** @return the content type of one of the page's files, which the consoles do not all know */
    static String contentType(String resource) {
        return resource.endsWith(".js") ? "text/javascript" : resource.endsWith(".css") ? "text/css"
                : resource.endsWith(".html") ? "text/html" : "text/plain";
    }

    void close() {
        series.close();
    }
}
