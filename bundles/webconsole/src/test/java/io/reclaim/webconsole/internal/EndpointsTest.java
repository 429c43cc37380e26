package io.reclaim.webconsole.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.util.Map;

import org.junit.After;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.Timeout;

import io.reclaim.orchestrator.EmbeddedOrchestrator;
import io.reclaim.orchestrator.ResourceOrchestrators;
import io.reclaim.process.CloseableProcessManager;
import io.reclaim.process.ProcessManagers;

/** What both consoles' plugins answer, on the real process manager: actions are POST only and need the page's token. */
public class EndpointsTest {

    @Rule
    public final Timeout timeout = Timeout.seconds(60);

    private final EmbeddedOrchestrator orchestrator = ResourceOrchestrators.builder().build();
    private final CloseableProcessManager processes = ProcessManagers.builder().withResourceOrchestrator(orchestrator).build();
    private final Views views = new Views(processes, orchestrator);
    private final RankingStore rankings = new RankingStore(null, null);
    private final Series series = new Series(orchestrator, processes, 1, 10);
    private final Endpoints endpoints = new Endpoints(views, new Actions(processes, orchestrator, views, rankings), rankings, series);

    @After
    public void stop() throws Exception {
        endpoints.close();
        processes.close();
        orchestrator.close();
    }

    @Test
    public void actionsRefuseGetAndAPostWithoutTheTokenAndChangeNothing() {
        for (String action : new String[] {"spawn", "kill", "ranking", "reap"}) {
            assertEquals(action, 405, endpoints.get(action).status());
        }
        Map<String, String> form = Map.of("name", "forged");
        assertEquals(403, endpoints.post("spawn", null, form::get).status());
        String token = endpoints.token();
        String forged = (token.charAt(0) == '0' ? "1" : "0") + token.substring(1); // one digit off, never the token
        assertEquals(403, endpoints.post("spawn", forged, form::get).status());
        assertTrue(processes.list().isEmpty());

        Endpoints.Reply spawned = endpoints.post("spawn", endpoints.token(), form::get);
        assertEquals(spawned.json(), 200, spawned.status());
        assertEquals(1, processes.list().size());
        assertEquals(404, endpoints.post("nothing", endpoints.token(), form::get).status());
    }

    @Test
    public void theJsonIsServedAndAnythingElseIsLeftToTheConsole() {
        assertEquals(200, endpoints.get("processes.json").status());
        assertTrue(endpoints.get("token.json").json().contains(endpoints.token()));
        assertTrue(endpoints.get("series.json").json().startsWith("{\"interval\":1,"));
        assertNull(endpoints.get(""));
        assertNull(endpoints.get("res/reclaim.js"));
        assertEquals("processes.json", Endpoints.resource("/reclaim/processes.json", Endpoints.LABEL));
        assertEquals("", Endpoints.resource("/reclaim", Endpoints.LABEL));
    }
}
