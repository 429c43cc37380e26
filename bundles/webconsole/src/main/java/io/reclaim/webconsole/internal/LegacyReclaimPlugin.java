package io.reclaim.webconsole.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;

import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.osgi.framework.BundleContext;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

import io.reclaim.api.ProcessManager;
import io.reclaim.api.ResourceOrchestrator;

/**
 * The same page for a Web Console 4 (javax.servlet), such as Karaf 4.4's own: a plain servlet
 * service with {@code felix.webconsole.label}, which that console frames for a page request and
 * calls directly for {@code *.json} and for a POST. It finds the page's files through
 * {@link #getResource(String)}, by the console's convention. Active only with its configuration
 * (pid {@code io.reclaim.webconsole.legacy}, which the Karaf feature sets), so that a Web Console
 * 5, which also runs javax plugins, never shows the page twice.
 */
@Component(name = "io.reclaim.webconsole.legacy", service = Servlet.class, configurationPolicy = ConfigurationPolicy.REQUIRE,
        property = {"felix.webconsole.label=" + Endpoints.LABEL, "felix.webconsole.title=Reclaim",
            "felix.webconsole.category=Reclaim"})
public final class LegacyReclaimPlugin extends HttpServlet {

    private static final long serialVersionUID = 1L;
    /** Web Console 4's request attribute with the plugin's absolute path. */
    private static final String PLUGIN_ROOT = "felix.webconsole.pluginRoot";

    private final transient Endpoints endpoints;

    @Activate
    public LegacyReclaimPlugin(BundleContext context, @Reference ProcessManager processes,
            @Reference ResourceOrchestrator orchestrator, @Reference ConfigurationAdmin configurations) {
        this.endpoints = Endpoints.create(context, processes, orchestrator, configurations);
    }

    @Deactivate
    void deactivate() {
        endpoints.close();
    }

    /** Called by the console (by reflection) for {@code /reclaim/res/...}. */
    public URL getResource(String path) {
        String resource = Endpoints.resource(path, Endpoints.LABEL);
        return resource.startsWith("res/") && !resource.contains("..") ? getClass().getResource("/" + resource) : null;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String resource = Endpoints.resource(request.getPathInfo(), Endpoints.LABEL);
        Endpoints.Reply reply = endpoints.get(resource);
        if (reply != null) {
            write(response, reply);
            return;
        }
        URL file = getResource(request.getPathInfo());
        if (file != null) {
            response.setContentType(Endpoints.contentType(resource));
            try (InputStream in = file.openStream()) {
                in.transferTo(response.getOutputStream());
            }
            return;
        }
        String root = String.valueOf(request.getAttribute(PLUGIN_ROOT));
        String template;
        try (InputStream in = getClass().getResourceAsStream("/res/reclaim.html")) {
            template = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        response.getWriter().print(Endpoints.page(template, root, endpoints.token()));
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String token = request.getHeader(Endpoints.TOKEN_HEADER);
        write(response, endpoints.post(Endpoints.resource(request.getPathInfo(), Endpoints.LABEL),
                token != null ? token : request.getParameter("token"), request::getParameter));
    }

    private static void write(HttpServletResponse response, Endpoints.Reply reply) throws IOException {
        response.setStatus(reply.status());
        if (reply.status() == HttpServletResponse.SC_METHOD_NOT_ALLOWED) {
            response.setHeader("Allow", "POST");
        }
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Cache-Control", "no-cache, no-store");
        response.getWriter().write(reply.json());
    }
}
