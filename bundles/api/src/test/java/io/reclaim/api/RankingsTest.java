package io.reclaim.api;

import static org.junit.Assert.assertEquals;

import java.util.OptionalInt;

import org.junit.Test;

public class RankingsTest {

    @Test
    public void aRankingIsReadFromAnIntegerALongInRangeOrNumericText() {
        assertEquals(OptionalInt.of(350), Rankings.parse(350));
        assertEquals(OptionalInt.of(-20), Rankings.parse(-20L));
        assertEquals(OptionalInt.of(350), Rankings.parse(" 350 "));
    }

    @Test
    public void anythingElseIsNoRanking() {
        assertEquals(OptionalInt.empty(), Rankings.parse(null));
        assertEquals(OptionalInt.empty(), Rankings.parse(1L << 40));
        assertEquals(OptionalInt.empty(), Rankings.parse("high"));
        assertEquals(OptionalInt.empty(), Rankings.parse(3.5));
        assertEquals(OptionalInt.empty(), Rankings.parse((short) 3));
        assertEquals(OptionalInt.empty(), Rankings.parse(new int[] {1}));
    }
}
