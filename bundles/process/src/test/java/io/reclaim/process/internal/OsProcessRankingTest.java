package io.reclaim.process.internal;

import static org.junit.Assert.assertEquals;

import org.junit.Test;

/** The os-process ranking as Configuration Admin may hold it: Integer, Long or text. */
public class OsProcessRankingTest {

    @Test
    public void aRankingGivenAsIntegerLongOrNumericTextIsUsedAsThatNumber() {
        assertEquals(1200, ProcessManagerComponent.osProcessRanking(1200, 1000));
        assertEquals("Felix Gogo stores a Long", 1300, ProcessManagerComponent.osProcessRanking(1300L, 1000));
        assertEquals("Karaf stores text", 1400, ProcessManagerComponent.osProcessRanking(" 1400 ", 1000));
        assertEquals(-5, ProcessManagerComponent.osProcessRanking("-5", 1000));
    }

    @Test
    public void anythingElseKeepsThePreviousRank() {
        assertEquals(1100, ProcessManagerComponent.osProcessRanking("first", 1100));
        assertEquals(1100, ProcessManagerComponent.osProcessRanking(1L << 40, 1100));
        assertEquals(1100, ProcessManagerComponent.osProcessRanking(2.5d, 1100));
        assertEquals("unset is the default", 1000, ProcessManagerComponent.osProcessRanking(null, 1100));
    }
}
