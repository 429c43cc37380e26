package io.reclaim.shell.karaf.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.apache.karaf.shell.api.console.Candidate;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.parsing.DefaultParser;
import org.junit.After;
import org.junit.Test;

import io.reclaim.api.HandlerInfo;
import io.reclaim.api.Pid;
import io.reclaim.api.ProcessSpec;
import io.reclaim.orchestrator.EmbeddedOrchestrator;
import io.reclaim.orchestrator.ResourceOrchestrators;
import io.reclaim.process.CloseableProcessManager;
import io.reclaim.process.ProcessManagers;

public class ArgumentCompleterTest {

    private final EmbeddedOrchestrator orchestrator = ResourceOrchestrators.builder().build();
    private final CloseableProcessManager processes = ProcessManagers.builder()
            .withResourceOrchestrator(orchestrator).build();
    private final Vocabulary vocabulary = new Vocabulary(() -> processes, () -> orchestrator);

    /** A console session in which a bare name is resolved to the reclaim command of that name, as Karaf does. */
    private final Session session = (Session) Proxy.newProxyInstance(Session.class.getClassLoader(),
            new Class<?>[] {Session.class}, (proxy, method, args) -> {
                if (method.getName().equals("resolveCommand")) {
                    String name = (String) args[0];
                    return name.contains(":") ? name : "reclaim:" + name;
                }
                throw new UnsupportedOperationException(method.getName());
            });

    @After
    public void close() {
        processes.close();
        orchestrator.close();
    }

    @Test
    public void aPidPositionOffersTheLivePidsWithTheirNames() throws IOException {
        Pid first = spawn("first");
        Pid second = spawn("second");
        ArgumentCompleter kill = completer("kill", false);

        Set<String> live = Set.of(first.toString(), second.toString());
        for (String line : List.of("reclaim:kill ", "kill ", "reclaim:kill -t ", "reclaim:kill --grace 2 ",
                "reclaim:kill -t -g 0.5 ", "reclaim:kill " + first)) {
            assertEquals("TAB after '" + line + "'", live, words(kill, line));
        }
        List<Candidate> shown = candidates(kill, "reclaim:kill ");
        assertTrue(shown.stream().anyMatch(c -> c.value().equals(first.toString()) && c.descr().equals("first")));
        assertTrue("a pid is a whole word", shown.stream().allMatch(Candidate::complete));
    }

    @Test
    public void anEndedProcessIsNotOffered() throws IOException {
        Pid first = spawn("first");
        Pid second = spawn("second");
        processes.terminate(first, Duration.ZERO);

        assertEquals(Set.of(second.toString()), words(completer("resources", false), "reclaim:resources -p -v "));
    }

    @Test
    public void aTypePositionOffersTheHandlersTypesInCleanupOrder() throws IOException {
        Pid giver = spawn("giver");
        Pid taker = spawn("taker");
        List<String> types = new ArrayList<>();
        for (HandlerInfo handler : orchestrator.handlers()) {
            types.add(handler.resourceType());
        }
        assertTrue(types.toString(), types.contains("os-process"));

        assertEquals(types, values(completer("rank", false), "reclaim:rank "));
        ArgumentCompleter give = completer("give", false);
        assertEquals(types, values(give, "reclaim:give " + giver + " "));
        assertEquals(Set.of(giver.toString(), taker.toString()), words(give, "reclaim:give " + giver + " os-process "));
        assertEquals(Set.of(), words(give, "reclaim:give " + giver + " os-process " + taker + " "));
    }

    @Test
    public void optionsTakingAPidAreCompletedAndOtherValuesAreNot() throws IOException {
        Pid parent = spawn("parent");
        ArgumentCompleter spawn = completer("spawn", false);

        assertEquals(Set.of(parent.toString()), words(spawn, "reclaim:spawn --parent "));
        assertEquals(Set.of(parent.toString()), words(spawn, "reclaim:spawn --parent 1 --detached --heir "));
        assertEquals(Set.of(), words(spawn, "reclaim:spawn "));
        assertEquals(Set.of(), words(spawn, "reclaim:spawn -c "));
        assertEquals(Set.of(), words(completer("kill", false), "reclaim:kill -g "));
        assertEquals(Set.of(), words(completer("rank", false), "reclaim:rank os-process "));
        assertEquals(Set.of(), words(completer("rank", false), "reclaim:rank os-process -5 "));
    }

    @Test
    public void aDashOffersTheCommandsOptions() {
        assertEquals(Set.of("-g", "--grace", "-t", "--tree"), words(completer("kill", false), "reclaim:kill -"));
        assertEquals(Set.of("-c", "--command", "--parent", "--detached", "--heir"),
                words(completer("spawn", false), "reclaim:spawn --"));
    }

    @Test
    public void anUnknownOptionOrAnotherCommandGetsNothing() throws IOException {
        spawn("any");
        assertEquals(Set.of(), words(completer("kill", false), "reclaim:kill -x "));
        assertEquals(Set.of(), words(completer("kill", false), "reclaim:ps "));
        assertEquals(Set.of(), words(completer("kill", false), "instance:kill "));
    }

    @Test
    public void theFirstWordOffersTheCommandsNameAsKarafDoes() {
        assertEquals(Set.of("reclaim:kill", "kill"), words(completer("kill", false), "rec"));
        assertEquals(Set.of("kill"), words(completer("kill", true), "k"));
        assertEquals("terminates", candidates(completer("kill", false), "").get(0).descr());
    }

    @Test
    public void signalsAreOfferedAfterThePid() throws IOException {
        Pid pid = spawn("receiver");
        ArgumentCompleter signal = completer("signal", false);
        assertEquals(Set.of(pid.toString()), words(signal, "reclaim:signal "));
        assertEquals(Set.of("TERM", "INT", "HUP", "USR1", "USR2"), words(signal, "reclaim:signal " + pid + " "));
    }

    @Test
    public void withoutAProcessManagerOrOrchestratorNothingIsOffered() {
        Vocabulary none = new Vocabulary(() -> null, () -> null);
        ArgumentCompleter kill = new ArgumentCompleter("reclaim", "kill", false, () -> "", Syntaxes.COMMANDS.get("kill"),
                none);
        ArgumentCompleter rank = new ArgumentCompleter("reclaim", "rank", false, () -> "", Syntaxes.COMMANDS.get("rank"),
                none);
        assertEquals(Set.of(), words(kill, "reclaim:kill "));
        assertEquals(Set.of(), words(rank, "reclaim:rank "));
    }

    @Test
    public void aNameIsShownWithoutControlCharactersAndBounded() {
        assertEquals("?[31mred?[0m", Vocabulary.describe("\u001b[31mred\u001b[0m"));
        assertEquals("a?b", Vocabulary.describe("a\u200bb"));
        String shown = Vocabulary.describe("x".repeat(100_000));
        assertEquals(Vocabulary.MAX_DESCRIPTION, shown.length());
        assertTrue(shown, shown.endsWith("..."));
        assertEquals("x".repeat(Vocabulary.MAX_DESCRIPTION), Vocabulary.describe("x".repeat(Vocabulary.MAX_DESCRIPTION)));
    }

    private Pid spawn(String name) throws IOException {
        return processes.spawn(ProcessSpec.named(name)).pid();
    }

    private ArgumentCompleter completer(String name, boolean scoped) {
        return new ArgumentCompleter("reclaim", name, scoped, () -> "terminates", Syntaxes.COMMANDS.get(name), vocabulary);
    }

    private List<Candidate> candidates(ArgumentCompleter completer, String line) {
        List<Candidate> candidates = new ArrayList<>();
        completer.completeCandidates(session, new DefaultParser().parse(session, line, line.length()), candidates);
        return candidates;
    }

    private List<String> values(ArgumentCompleter completer, String line) {
        return candidates(completer, line).stream().map(Candidate::value).toList();
    }

    private Set<String> words(ArgumentCompleter completer, String line) {
        return candidates(completer, line).stream().map(Candidate::value).collect(Collectors.toCollection(TreeSet::new));
    }
}
