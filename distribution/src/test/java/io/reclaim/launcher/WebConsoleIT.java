package io.reclaim.launcher;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.File;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.rules.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The Reclaim page of the Felix Web Console in a real browser (headless Chromium through
 * Selenium) against the running distribution: log in, spawn a process with an OS child that has
 * a child of its own, kill it from the page, read its per-handler results in the history, see the
 * OS tree gone through /proc, change a ranking and see {@code reclaim:handlers} agree (also after
 * a restart), and see the chart draw points it polled from the JSON endpoint. The browser and
 * its driver are Debian's {@code chromium} and {@code chromium-driver}, which {@code .ci/run}
 * installs; nothing is downloaded at test time.
 */
public class WebConsoleIT {

    private static final String CHROMIUM = "/usr/bin/chromium";
    private static final String CHROMEDRIVER = "/usr/bin/chromedriver";
    private static final Pattern OS_PID = Pattern.compile("os pid (\\d+)");

    @Rule
    public final Timeout timeout = Timeout.seconds(300);

    @Rule
    public final TemporaryFolder tmp = new TemporaryFolder();

    private Path home;
    private WebReclaim reclaim;
    private WebDriver browser;

    @Before
    public void start() throws Exception {
        assertTrue("the browser test needs Debian's chromium and chromium-driver (apt-get install -y chromium chromium-driver)",
                new File(CHROMIUM).canExecute() && new File(CHROMEDRIVER).canExecute());
        home = tmp.newFolder("home").toPath();
        reclaim = WebReclaim.start(home, tmp.newFile("reclaim.log").toPath());
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1280,2400");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(CHROMEDRIVER))
                .usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
    }

    @After
    public void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (reclaim != null) {
            reclaim.close();
        }
    }

    private WebDriverWait waiting() {
        return new WebDriverWait(browser, Duration.ofSeconds(30), Duration.ofMillis(100));
    }

    private void openPage(WebReclaim on) {
        // the console's basic authentication, answered from the URL as a user would type it in the dialog
        browser.get("http://" + WebReclaim.USER + ":" + WebReclaim.PASSWORD + "@localhost:" + on.port() + "/system/console/reclaim");
        // then as a bookmark would open it: the browser answers the console's challenge from its cache
        browser.get(on.url("/system/console/reclaim"));
        waiting().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#reclaim[data-refreshed]")));
    }

    @Test
    public void theConsoleRequiresItsLoginAndActionsArePostOnlyWithTheToken() throws Exception {
        String page = reclaim.url("/system/console/reclaim");
        assertEquals(401, reclaim.request(HttpRequest.newBuilder(URI.create(page)).GET()).statusCode());
        assertEquals(401, reclaim.request(HttpRequest.newBuilder(URI.create(page + "/processes.json")).GET()).statusCode());
        assertEquals(401, reclaim.request(HttpRequest.newBuilder(URI.create(page + "/spawn"))
                .POST(HttpRequest.BodyPublishers.ofString("name=x"))).statusCode());
        assertEquals(401, reclaim.request(HttpRequest.newBuilder(URI.create(page + "/processes.json"))
                .header("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString("admin:wrong".getBytes()))
                .GET()).statusCode());

        for (String action : List.of("spawn", "kill", "ranking", "reap")) {
            assertEquals(action, 405, reclaim.get("/system/console/reclaim/" + action + "?name=x&pid=1").statusCode());
        }
        // logged in, but without the page's token: refused, and nothing was spawned
        assertEquals(403, reclaim.request(HttpRequest.newBuilder(URI.create(page + "/spawn"))
                .header("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString("admin:admin".getBytes()))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("name=forged"))).statusCode());
        assertEquals("[]", reclaim.get("/system/console/reclaim/processes.json").body());
        // a bad argument is one line, and nothing is half done
        assertEquals(400, reclaim.post("kill", Map.of("pid", "abc")).statusCode());
        assertTrue(reclaim.post("kill", Map.of("pid", "99")).body().contains("no process with pid 99"));
    }

    @Test
    public void aProcessIsSpawnedKilledAndRankedFromThePageInARealBrowser() throws Exception {
        openPage(reclaim);

        // spawn: an OS child (sh) with a child of its own (sleep)
        browser.findElement(By.id("spawn-name")).sendKeys("web-sleeper");
        browser.findElement(By.id("spawn-command")).sendKeys("sh -c 'sleep 600 & wait'");
        browser.findElement(By.id("spawn-button")).click();
        WebElement message = browser.findElement(By.id("reclaim-message"));
        waiting().until(ExpectedConditions.textMatches(By.id("reclaim-message"), Pattern.compile("spawned, os pid \\d+")));
        Matcher os = OS_PID.matcher(message.getText());
        assertTrue(os.find());
        long osPid = Long.parseLong(os.group(1));
        long pid = Long.parseLong(message.getText().replaceAll("^pid (\\d+).*$", "$1"));
        WebElement row = waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("process-" + pid)));
        assertTrue(row.getText(), row.getText().contains("web-sleeper") && row.getText().contains("RUNNING")
                && row.getText().contains(Long.toString(osPid)) && row.getText().matches("(?s).*os-process [1-9].*"));
        OsTable.Entry sh = OsTable.of(osPid);
        OsTable.Entry sleep = OsTable.of(awaitChild(osPid));
        assertTrue(sh.isRunning() && sleep.isRunning());

        // the chart polls series.json: the spawn shows as an os-process acquisition
        waiting().until(driver -> Boolean.TRUE.equals(((JavascriptExecutor) driver).executeScript(
                "var c = window.reclaimCharts.resources; if (!c) return false;"
                        + " var i = c.series.findIndex(function (s) { return s.label === 'os-process acquired'; });"
                        + " return i > 0 && c.data[0].length >= 2 && c.data[i].some(function (v) { return v > 0; });")));
        Number livePoints = (Number) ((JavascriptExecutor) browser).executeScript(
                "return window.reclaimCharts.live.data[1].filter(function (v) { return v > 0; }).length;");
        assertTrue("no live-process point drawn", livePoints.intValue() >= 1);

        // kill from the page: the row moves to the history with its per-handler results
        browser.findElement(By.id("kill-" + pid)).click();
        waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("outcomes-" + pid)));
        waiting().until(ExpectedConditions.invisibilityOfElementLocated(By.id("process-" + pid)));
        WebElement history = browser.findElement(By.id("history-" + pid));
        assertTrue(history.getText(), history.getText().contains("web-sleeper"));
        WebElement osProcess = browser.findElement(By.cssSelector("#outcomes-" + pid + " tr.outcome-os-process"));
        List<String> cells = osProcess.findElements(By.tagName("td")).stream().map(WebElement::getText).collect(Collectors.toList());
        assertEquals(cells.toString(), "os-process", cells.get(0));
        assertTrue(cells.toString(), Integer.parseInt(cells.get(2)) >= 1);
        assertEquals(cells.toString(), "ok", cells.get(6));
        int handlers = browser.findElements(By.cssSelector("#outcomes-" + pid + " tr.outcome")).size();
        assertTrue("only " + handlers + " handler results", handlers >= 12);
        // outside the browser: the OS child and its child are gone
        assertFalse("os child " + osPid + " still runs", sh.isRunning());
        assertFalse("its child " + sleep.pid() + " still runs", sleep.isRunning());
        // and the platform agrees: no live process in reclaim:ps
        reclaim.send("reclaim:ps");
        reclaim.awaitOutput("no live processes|no processes");

        // a ranking edited on the page goes through Configuration Admin to the orchestrator
        WebElement input = browser.findElement(By.id("ranking-input-files"));
        input.clear();
        input.sendKeys("333");
        browser.findElement(By.id("ranking-save-files")).click();
        waiting().until(ExpectedConditions.textToBe(By.id("ranking-files"), "333"));
        reclaim.send("reclaim:handlers");
        reclaim.awaitOutput("^\\s*\\d+\\s+files\\s+333\\s");

        Path screenshot = Path.of("target", "reclaim-webconsole.png");
        Files.createDirectories(screenshot.getParent());
        Files.copy(((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath(), screenshot,
                StandardCopyOption.REPLACE_EXISTING);

        // the configuration survives a restart on the same home
        assertEquals(0, reclaim.stop());
        reclaim = WebReclaim.start(home, tmp.newFile("restarted.log").toPath());
        openPage(reclaim);
        waiting().until(ExpectedConditions.textToBe(By.id("ranking-files"), "333"));
    }

    private static long awaitChild(long osPid) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            var child = ProcessHandle.of(osPid).flatMap(p -> p.children().findFirst());
            if (child.isPresent()) {
                return child.get().pid();
            }
            Thread.sleep(50);
        }
        throw new AssertionError("os pid " + osPid + " started no child");
    }
}
