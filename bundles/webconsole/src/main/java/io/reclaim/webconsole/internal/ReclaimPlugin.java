package io.reclaim.webconsole.internal;

import java.io.IOException;
import java.io.PrintWriter;

import org.apache.felix.webconsole.servlet.AbstractServlet;
import org.apache.felix.webconsole.servlet.ServletConstants;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

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
        ServletConstants.PLUGIN_LABEL + "=" + Endpoints.LABEL,
        ServletConstants.PLUGIN_TITLE + "=Reclaim",
        ServletConstants.PLUGIN_CATEGORY + "=Reclaim"})
public final class ReclaimPlugin extends AbstractServlet {

    static final String TOKEN_HEADER = Endpoints.TOKEN_HEADER;
    private static final String LABEL = Endpoints.LABEL;

    private static final long serialVersionUID = 1L;

    private final transient Endpoints endpoints;

    @Activate
    public ReclaimPlugin(BundleContext context, @Reference ProcessManager processes,
            @Reference ResourceOrchestrator orchestrator, @Reference ConfigurationAdmin configurations) {
        this.endpoints = Endpoints.create(context, processes, orchestrator, configurations);
    }

    @Deactivate
    void deactivate() {
        endpoints.close();
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String resource = Endpoints.resource(request.getPathInfo(), LABEL);
        Endpoints.Reply reply = endpoints.get(resource);
        if (reply != null) {
            if (reply.status() == HttpServletResponse.SC_METHOD_NOT_ALLOWED) {
                response.setHeader("Allow", "POST");
            }
            write(response, reply);
        } else if (resource.startsWith("res/") && !resource.contains("..") && getResource(request.getPathInfo()) != null) {
            // with its type: the console knows none for .js, and a browser runs no script without one
            response.setContentType(Endpoints.contentType(resource));
            response.setCharacterEncoding("UTF-8");
            spoolResource(request, response);
        }
        // else: the page, which the console renders around renderContent
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String token = request.getHeader(TOKEN_HEADER);
        write(response, endpoints.post(Endpoints.resource(request.getPathInfo(), LABEL),
                token != null ? token : request.getParameter("token"), request::getParameter));
    }

    private static void write(HttpServletResponse response, Endpoints.Reply reply) throws IOException {
        response.setStatus(reply.status());
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        setNoCache(response);
        response.getWriter().write(reply.json());
    }

    @Override
    public void renderContent(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String root = String.valueOf(request.getAttribute(ServletConstants.ATTR_PLUGIN_ROOT));
        PrintWriter out = response.getWriter();
        out.print(Endpoints.page(readTemplateFile("/res/reclaim.html"), root, endpoints.token()));
    }
}
