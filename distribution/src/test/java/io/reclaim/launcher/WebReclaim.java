package io.reclaim.launcher;

import java.io.IOException;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * reclaim.jar in a JVM of its own with its web console on a free port: the shell fed through
 * stdin, the output collected in a file, and HTTP calls to the console and to /metrics as a
 * script would make them (the console's default login, admin/admin).
 */
final class WebReclaim implements AutoCloseable {

    static final Duration WAIT = Duration.ofSeconds(60);
    static final String USER = "admin";
    static final String PASSWORD = "admin";

    private final Process process;
    private final OutputStream stdin;
    private final Path output;
    private final int port;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private WebReclaim(Process process, Path output, int port) {
        this.process = process;
        this.stdin = process.getOutputStream();
        this.output = output;
        this.port = port;
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** Starts reclaim.jar on {@code home} and waits until the console answers. */
    static WebReclaim start(Path home, Path output) throws Exception {
        int port = freePort();
        String jar = System.getProperty("reclaim.jar", "target/reclaim.jar");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dorg.osgi.service.http.port=" + port, "-jar", jar, "--home", home.toString()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(output.toFile())).start();
        WebReclaim reclaim = new WebReclaim(process, output, port);
        reclaim.awaitConsole();
        return reclaim;
    }

    private void awaitConsole() throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            try {
                if (get("/system/console/reclaim/handlers.json").statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // Jetty not listening yet
            }
            if (System.nanoTime() > deadline || !process.isAlive()) {
                throw new AssertionError("the Reclaim page did not come up on port " + port + "; output:\n" + output());
            }
            Thread.sleep(200);
        }
    }

    int port() {
        return port;
    }

    String url(String path) {
        return "http://localhost:" + port + path;
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return request(HttpRequest.newBuilder(URI.create(url(path))).header("Authorization", basic(USER, PASSWORD)).GET());
    }

    HttpResponse<String> request(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.timeout(WAIT).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** POSTs a form to an action of the Reclaim page, with the token a page (or a script) reads first. */
    HttpResponse<String> post(String action, Map<String, String> form) throws IOException, InterruptedException {
        StringJoiner body = new StringJoiner("&");
        form.forEach((k, v) -> body.add(URLEncoder.encode(k, StandardCharsets.UTF_8) + "=" + URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return request(HttpRequest.newBuilder(URI.create(url("/system/console/reclaim/" + action)))
                .header("Authorization", basic(USER, PASSWORD)).header("X-Reclaim-Token", token())
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())));
    }

    String token() throws IOException, InterruptedException {
        String json = get("/system/console/reclaim/token.json").body();
        Matcher m = Pattern.compile("\"token\":\"([0-9a-f]+)\"").matcher(json);
        if (!m.find()) {
            throw new AssertionError("no token in " + json);
        }
        return m.group(1);
    }

    /** An unauthenticated GET of /metrics, as Prometheus scrapes it. */
    String scrape() throws IOException, InterruptedException {
        HttpResponse<String> response = request(HttpRequest.newBuilder(URI.create(url("/metrics"))).GET());
        if (response.statusCode() != 200) {
            throw new AssertionError("/metrics answered " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }

    /** Types a command line into the shell. */
    void send(String line) throws IOException {
        stdin.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        stdin.flush();
    }

    /** Ends the input: the shell stops the framework and the JVM exits. */
    int stop() throws IOException, InterruptedException {
        stdin.close();
        if (!process.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)) {
            throw new AssertionError("reclaim did not exit within " + WAIT.toSeconds() + " s; output:\n" + output());
        }
        return process.exitValue();
    }

    String output() {
        try {
            return Files.readString(output);
        } catch (IOException e) {
            return "";
        }
    }

    /** Waits until the output matches {@code regex}. */
    void awaitOutput(String regex) throws InterruptedException {
        Pattern pattern = Pattern.compile(regex, Pattern.MULTILINE);
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!pattern.matcher(output()).find()) {
            if (System.nanoTime() > deadline || !process.isAlive()) {
                throw new AssertionError("no /" + regex + "/ in the output of reclaim:\n" + output());
            }
            Thread.sleep(100);
        }
    }

    @Override
    public void close() {
        process.destroyForcibly();
        try {
            process.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
