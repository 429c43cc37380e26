package io.reclaim.shell.internal;

import static org.junit.Assert.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import org.junit.Test;

import io.reclaim.api.readings.OsReading;

public class SelftestReportTest {

    private static final OsReading BEFORE = new OsReading(140, 500, 60, 40, 2, 3, 16_384);

    private static SelftestReport.TypeResult clean(String type, long sampled) {
        return new SelftestReport.TypeResult(type, true, sampled, 0, null, sampled, sampled, 0, List.of(), 0);
    }

    @Test
    public void aCleanRunSaysZeroLeaked() {
        SelftestReport report = new SelftestReport(200, 8, List.of(clean("files", 208), clean("mmap", 208)), BEFORE,
                BEFORE, 0, List.of(), Duration.ofSeconds(3));

        assertEquals("selftest: 200 processes, 2 types, 0 leaked", report.verdict());
        assertEquals(0, report.leaked());
    }

    @Test
    public void leaksAreNamedTypesFirstInCleanupOrderThenTheOsReadings() {
        SelftestReport.TypeResult mmap = new SelftestReport.TypeResult("mmap", true, 208, 0, null, 208L, 206L, 2,
                List.of(17L, 23L), 2);
        SelftestReport.TypeResult files = new SelftestReport.TypeResult("files", true, 208, 0, null, 208L, 207L, 0,
                List.of(), 1);
        OsReading after = new OsReading(141, 500, 60, 41, 2, 3, 16_384);
        SelftestReport report = new SelftestReport(200, 8, List.of(mmap, clean("sockets", 208), files), BEFORE, after,
                0, List.of(), Duration.ofSeconds(3));

        assertEquals("selftest: 200 processes, 3 types, 5 leaked (mmap: 2, files: 1, fds: 1, threads: 1)",
                report.verdict());
        assertEquals("LEAKED 2, held by ended pid(s) 17 23", mmap.result());
        assertEquals("LEAKED 1", files.result());
    }

    @Test
    public void theReportPrintsReadingsTypesWarningsAndTheVerdictLast() {
        SelftestReport.TypeResult unsampled = new SelftestReport.TypeResult("os-process", false, 0, 0, null, 8L, 8L, 0,
                List.of(), 0);
        SelftestReport.TypeResult broken = new SelftestReport.TypeResult("broken", true, 0, 3, "no device", 0L, 0L, 0,
                List.of(), 0);
        OsReading after = new OsReading(139, 504, 60, 38, 5, 4, 24_576);
        SelftestReport report = new SelftestReport(200, 8, List.of(unsampled, clean("files", 208), broken), BEFORE,
                after, 3, List.of("pid 9: two terminates at once returned different results"), Duration.ofMillis(3210));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        SelftestCommands.print(report, new PrintStream(bytes, true, StandardCharsets.UTF_8));

        assertEquals(List.of(
                "selftest: 200 processes and 8 backed by OS children, ended gracefully, forced, by two terminates at "
                        + "once and by their own exit, in 3.21s",
                "READING                   BEFORE  AFTER  LEAKED",
                "open fds                     140    139       0",
                "file mappings                 60     60       0",
                "all mappings                 500    504       -",
                "threads (busy)                38     33       0",
                "threads (idle, retiring)       2      5       -",
                "direct buffers                 3      4       0",
                "direct bytes               16384  24576       -",
                "(fds and file mappings must be back exactly; idle pool workers that retire by themselves are not busy; "
                        + "each of the 3 thread(s) added at the peak may cache a direct buffer; anonymous mappings are "
                        + "the JVM's own)",
                "",
                "TYPE        SAMPLED  ACQUIRED  RELEASED  LEAKED  RESULT",
                "os-process        -         8         8       0  ok, no sample",
                "files           208       208       208       0  ok",
                "broken            0         0         0       0  ok; 3 sample(s) failed: no device",
                "warning: pid 9: two terminates at once returned different results",
                "selftest: 200 processes, 3 types, 0 leaked"), bytes.toString(StandardCharsets.UTF_8).lines().toList());
    }
}
