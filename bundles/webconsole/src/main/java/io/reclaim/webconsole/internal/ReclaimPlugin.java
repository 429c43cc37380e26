package io.reclaim.webconsole.internal;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;

import org.apache.felix.webconsole.servlet.AbstractServlet;
import org.apache.felix.webconsole.servlet.ServletConstants;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.reclaim.api.ProcessManager;
import io.reclaim.api.ResourceOrchestrator;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The "Reclaim" page of the Felix Web Console, registered the Web Console 5 way: a Jakarta
 * servlet service with {@code felix.webconsole.label}. The console authenticates every request
 * under {@code /system/console} before it reaches here.
 *
 * <p>Under {@code /system/console/reclaim}: the page itself; {@code processes.json},
 * {@code handlers.json}, {@code history.json}, {@code leaks.json}, {@code series.json} and
 * {@code token.json} (GET); {@code spawn}, {@code kill}, {@code ranking} and {@code reap} (POST
 * only, with the {@value #TOKEN_HEADER} header or {@code token} parameter, since the Felix console
 * has no CSRF protection of its own; a GET of them answers 405). The page's files are under
 * {@code res/}.
 */
@Component(service = Servlet.class, property = {
        ServletConstants.PLUGIN_LABEL + "=" + ReclaimPlugin.LABEL,
        ServletConstants.PLUGIN_TITLE + "=Reclaim",
        ServletConstants.PLUGIN_CATEGORY + "=Reclaim"})
public final class ReclaimPlugin extends AbstractServlet {

    static final String LABEL = "reclaim";
    static final String TOKEN_HEADER = "X-Reclaim-Token";
    /** The chart: one sample every 2 s, ten minutes of them. */
    static final int SAMPLE_SECONDS = 2;
    static final int SAMPLES = 300;

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(ReclaimPlugin.class);

    private final transient Views views;
    private final transient Actions actions;
    private final transient RankingStore rankings;
    private final transient Series series;
    /** Proves that a POST comes from a page this console served, not from another site the user visits. */
    private final String token;

    @Activate
    public ReclaimPlugin(BundleContext context, @Reference ProcessManager processes,
            @Reference ResourceOrchestrator orchestrator, @Reference ConfigurationAdmin configurations) {
        this.views = new Views(processes, orchestrator);
        this.rankings = new RankingStore(context, configurations);
        this.actions = new Actions(processes, orchestrator, views, rankings);
        this.series = new Series(orchestrator, processes, SAMPLE_SECONDS, SAMPLES);
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        this.token = HexFormat.of().formatHex(random);
    }

    @Deactivate
    void deactivate() {
        series.close();
    }

    /** @return the part of the path after the label: "" for the page, "processes.json", "res/..." */
    private static String resource(HttpServletRequest request) {
        String path = request.getPathInfo();
        if (path == null) {
            return "";
        }
        String prefix = "/" + LABEL;
        String rest = path.startsWith(prefix) ? path.substring(prefix.length()) : path;
        return rest.startsWith("/") ? rest.substring(1) : rest;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String resource = resource(request);
        try {
            switch (resource) {
                case "processes.json" -> json(response, views.processes());
                case "handlers.json" -> json(response, views.handlers(rankings));
                case "history.json" -> json(response, views.history());
                case "leaks.json" -> json(response, views.leaksJson());
                case "series.json" -> json(response, series.toJson());
                case "token.json" -> json(response, Map.of("header", TOKEN_HEADER, "token", token));
                case "spawn", "kill", "ranking", "reap" -> {
                    response.setHeader("Allow", "POST");
                    error(response, HttpServletResponse.SC_METHOD_NOT_ALLOWED, resource + " changes the platform: POST only");
                }
                default -> resource(request, response, resource);
            }
        } catch (Throwable t) {
            failed(response, resource, t);
        }
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String resource = resource(request);
        String sent = request.getHeader(TOKEN_HEADER);
        if (sent == null) {
            sent = request.getParameter("token");
        }
        if (sent == null || !MessageDigest.isEqual(sent.getBytes(StandardCharsets.UTF_8), token.getBytes(StandardCharsets.UTF_8))) {
            error(response, HttpServletResponse.SC_FORBIDDEN, "missing or wrong " + TOKEN_HEADER + " (see token.json)");
            return;
        }
        try {
            switch (resource) {
                case "spawn" -> json(response, actions.spawn(request.getParameter("name"), request.getParameter("command")));
                case "kill" -> json(response, actions.kill(request.getParameter("pid"), request.getParameter("grace")));
                case "ranking" -> json(response, actions.ranking(request.getParameter("type"), request.getParameter("ranking")));
                case "reap" -> json(response, actions.reap());
                default -> error(response, HttpServletResponse.SC_NOT_FOUND, "no action " + resource);
            }
        } catch (IllegalArgumentException | IllegalStateException e) {
            error(response, HttpServletResponse.SC_BAD_REQUEST, e.getMessage());
        } catch (Throwable t) {
            failed(response, resource, t);
        }
    }

    /** Serves the page's files with their type: the console knows no type for .js, and a browser runs no script without one. */
    private void resource(HttpServletRequest request, HttpServletResponse response, String resource) throws IOException {
        if (!resource.startsWith("res/") || resource.contains("..") || getResource(request.getPathInfo()) == null) {
            // not ours: the console renders the page around renderContent
            return;
        }
        String type = resource.endsWith(".js") ? "text/javascript" : resource.endsWith(".css") ? "text/css"
                : resource.endsWith(".html") ? "text/html" : "text/plain";
        response.setContentType(type);
        response.setCharacterEncoding("UTF-8");
        spoolResource(request, response);
    }

    private static void failed(HttpServletResponse response, String resource, Throwable t) throws IOException {
        LOG.warn("the Reclaim page could not answer {}", resource, t);
        error(response, HttpServletResponse.SC_INTERNAL_SERVER_ERROR, String.valueOf(t));
        if (t instanceof VirtualMachineError fatal) {
            throw fatal;
        }
    }

    private static void json(HttpServletResponse response, Object value) throws IOException {
        write(response, HttpServletResponse.SC_OK, Json.write(value));
    }

    private static void error(HttpServletResponse response, int status, String message) throws IOException {
        write(response, status, Json.write(Map.of("error", message == null ? "failed" : message)));
    }

    private static void write(HttpServletResponse response, int status, String body) throws IOException {
        response.setStatus(status);
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        setNoCache(response);
        response.getWriter().write(body);
    }

    @Override
    public void renderContent(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String root = String.valueOf(request.getAttribute(ServletConstants.ATTR_PLUGIN_ROOT));
        String page = readTemplateFile("/res/reclaim.html").replace("${root}", root).replace("${token}", token);
        PrintWriter out = response.getWriter();
        out.print(page);
    }
}
