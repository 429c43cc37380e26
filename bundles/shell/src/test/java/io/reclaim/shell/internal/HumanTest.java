package io.reclaim.shell.internal;

import static org.junit.Assert.assertEquals;

import java.time.Duration;

import org.junit.Test;

public class HumanTest {

    @Test
    public void agesReadInTheTwoLargestUnits() {
        assertEquals("0s", Human.age(Duration.ofMillis(999)));
        assertEquals("3s", Human.age(Duration.ofSeconds(3)));
        assertEquals("59s", Human.age(Duration.ofSeconds(59)));
        assertEquals("1m0s", Human.age(Duration.ofSeconds(60)));
        assertEquals("2m10s", Human.age(Duration.ofSeconds(130)));
        assertEquals("1h5m", Human.age(Duration.ofSeconds(3600 + 5 * 60 + 59)));
        assertEquals("2d3h", Human.age(Duration.ofHours(51)));
    }

    @Test
    public void aNegativeAgeFromAClockStepReadsAsZero() {
        assertEquals("0s", Human.age(Duration.ofSeconds(-5)));
        assertEquals("0us", Human.elapsed(Duration.ofMillis(-5)));
    }

    @Test
    public void shortDurationsKeepTheirPrecision() {
        assertEquals("850us", Human.elapsed(Duration.ofNanos(850_400)));
        assertEquals("1.4ms", Human.elapsed(Duration.ofNanos(1_400_000)));
        assertEquals("120ms", Human.elapsed(Duration.ofMillis(120)));
        assertEquals("5.02s", Human.elapsed(Duration.ofMillis(5020)));
        assertEquals("2m10s", Human.elapsed(Duration.ofSeconds(130)));
    }

    @Test
    public void aPeriodReadsInWholeSecondsWhereItHasNoFraction() {
        assertEquals("10s", Human.period(Duration.ofSeconds(10)));
        assertEquals("1m30s", Human.period(Duration.ofSeconds(90)));
        assertEquals("0s", Human.period(Duration.ZERO));
        assertEquals("500ms", Human.period(Duration.ofMillis(500)));
        assertEquals("2.50s", Human.period(Duration.ofMillis(2500)));
    }
}
