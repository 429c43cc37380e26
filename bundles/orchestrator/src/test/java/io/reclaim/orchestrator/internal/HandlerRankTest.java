package io.reclaim.orchestrator.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.junit.Test;

public class HandlerRankTest {

    @Test
    public void higherRankingSortsFirstUnlikeServiceReferenceCompareTo() {
        HandlerRank tasks = new HandlerRank(800, 12);
        HandlerRank memory = new HandlerRank(100, 11);

        // ServiceReference.compareTo would call memory the smaller one; the cleanup order is reversed
        assertTrue(tasks.compareTo(memory) < 0);
        assertTrue(memory.compareTo(tasks) > 0);
    }

    @Test
    public void equalRankingsPutTheLaterServiceIdFirst() {
        assertEquals(List.of(new HandlerRank(0, 30), new HandlerRank(0, 20), new HandlerRank(0, 10)),
                sorted(new HandlerRank(0, 20), new HandlerRank(0, 10), new HandlerRank(0, 30)));
    }

    @Test
    public void plainRegistrationsRunLaterOnesFirstAndBeforeServicesOfTheSameRanking() {
        assertEquals(List.of(new HandlerRank(5, 99), new HandlerRank(0, -2), new HandlerRank(0, -1),
                new HandlerRank(0, 40), new HandlerRank(-5, -3)),
                sorted(new HandlerRank(0, -1), new HandlerRank(0, 40), new HandlerRank(-5, -3),
                        new HandlerRank(0, -2), new HandlerRank(5, 99)));
    }

    @Test
    public void extremeRankingsDoNotOverflow() {
        assertEquals(List.of(new HandlerRank(Integer.MAX_VALUE, 1), new HandlerRank(Integer.MIN_VALUE, 2)),
                sorted(new HandlerRank(Integer.MIN_VALUE, 2), new HandlerRank(Integer.MAX_VALUE, 1)));
    }

    @Test
    public void equalRanksCompareEqual() {
        assertEquals(0, new HandlerRank(300, 7).compareTo(new HandlerRank(300, 7)));
    }

    private static List<HandlerRank> sorted(HandlerRank... ranks) {
        List<HandlerRank> list = new ArrayList<>(List.of(ranks));
        Collections.sort(list);
        return list;
    }
}
