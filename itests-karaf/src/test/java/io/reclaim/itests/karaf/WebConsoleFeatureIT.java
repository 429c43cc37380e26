package io.reclaim.itests.karaf;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.OptionUtils;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * {@code feature:install reclaim-webconsole reclaim-metrics} puts the Reclaim page in Karaf's own
 * web console (Felix Web Console 4 on Pax Web) and /metrics on Pax Web's whiteboard: the page and
 * its files, the JSON behind the console's login, a spawn and a kill through the actions with the
 * page's token, and the scrape counting them.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class WebConsoleFeatureIT extends ReclaimKarafTestSupport {

    private static final String USER = "reclaim";
    private static final String PASSWORD = "secret";

    @Override
    @Configuration
    public Option[] configuration() {
        String port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = Integer.toString(socket.getLocalPort());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return OptionUtils.combine(super.configuration(),
                editConfigurationFilePut("etc/org.ops4j.pax.web.cfg", "org.osgi.service.http.port", port),
                // a user of the admin role, whom Karaf's console admits
                editConfigurationFilePut("etc/users.properties", USER, PASSWORD + ",admin"),
                systemProperty("reclaim.http.port").value(port));
    }

    private record Answer(int status, String body) {
    }

    private static Answer call(String method, String path, boolean login, String token, String form) throws IOException {
        URL url = new URL("http://localhost:" + System.getProperty("reclaim.http.port") + path);
        HttpURLConnection connection = (HttpURLConnection) url.openConnection();
        connection.setRequestMethod(method);
        connection.setConnectTimeout(10_000);
        connection.setReadTimeout(60_000);
        if (login) {
            connection.setRequestProperty("Authorization", "Basic "
                    + Base64.getEncoder().encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8)));
        }
        if (token != null) {
            connection.setRequestProperty("X-Reclaim-Token", token);
        }
        if (form != null) {
            connection.setDoOutput(true);
            connection.setRequestProperty("Content-Type", "application/x-www-form-urlencoded");
            try (OutputStream out = connection.getOutputStream()) {
                out.write(form.getBytes(StandardCharsets.UTF_8));
            }
        }
        int status = connection.getResponseCode();
        InputStream in = status < 400 ? connection.getInputStream() : connection.getErrorStream();
        String body = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        connection.disconnect();
        return new Answer(status, body);
    }

    private static String group(String regex, String text) {
        Matcher m = Pattern.compile(regex).matcher(text);
        if (!m.find()) {
            throw new AssertionError("/" + regex + "/ not in " + text);
        }
        return m.group(1);
    }

    @Test
    public void thePageIsInKarafsOwnConsoleAndMetricsOnItsWhiteboard() throws Exception {
        shell.execute("feature:repo-add " + featuresRepository(), INSTALL_SECONDS);
        shell.execute("feature:install reclaim-webconsole reclaim-metrics", 3 * INSTALL_SECONDS);
        String json = "/system/console/reclaim/handlers.json";
        await("the Reclaim page in Karaf's console", () -> {
            try {
                return call("GET", json, true, null, null).status() == 200;
            } catch (IOException notYet) {
                return false;
            }
        }, () -> execute("scr:list").output());

        assertTrue(call("GET", json, true, null, null).body().contains("\"type\":\"os-process\""));
        assertEquals(401, call("GET", json, false, null, null).status());
        Answer page = call("GET", "/system/console/reclaim", true, null, null);
        assertEquals(200, page.status());
        assertTrue(page.body(), page.body().contains("res/reclaim.js") && page.body().contains("data-token="));
        assertEquals(200, call("GET", "/system/console/reclaim/res/uplot/uPlot.iife.min.js", true, null, null).status());

        String token = group("\"token\":\"([0-9a-f]+)\"", call("GET", "/system/console/reclaim/token.json", true, null, null).body());
        assertEquals(403, call("POST", "/system/console/reclaim/spawn", true, null, "name=forged").status());
        Answer spawned = call("POST", "/system/console/reclaim/spawn", true, token, "name=karaf-web");
        assertEquals(spawned.body(), 200, spawned.status());
        String pid = group("\"pid\":(\\d+)", spawned.body());
        Answer killed = call("POST", "/system/console/reclaim/kill", true, token, "pid=" + pid + "&grace=0");
        assertEquals(killed.body(), 200, killed.status());
        assertTrue(killed.body(), killed.body().contains("\"type\":\"files\""));
        assertTrue(call("GET", "/system/console/reclaim/history.json", true, null, null).body().contains("karaf-web"));

        Answer metrics = call("GET", "/metrics", false, null, null);
        assertEquals(200, metrics.status());
        assertTrue(metrics.body(), metrics.body().contains("reclaim_processes_spawned_total 1.0"));
        assertTrue(metrics.body(), metrics.body().contains("reclaim_processes_ended_total{ending=\"terminated\"} 1.0"));
        assertTrue(metrics.body(), metrics.body().contains("reclaim_cleanup_seconds_count{type=\"files\"} 1"));
    }
}
