package io.reclaim.api.ledger;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import java.time.Duration;
import java.util.Map;

import org.junit.Test;

import io.reclaim.api.ResourceLimit;
import io.reclaim.api.Tracking;

public class LedgerSettingsTest {

    @Test
    public void eachSettingIsReadFromTextAsAKarafFileStoresItAndTyped() {
        assertEquals("sampled", LedgerSettings.parse(LedgerSettings.TRACKING, " Sampled"));
        assertEquals(64L, LedgerSettings.parse(LedgerSettings.SAMPLE, "64"));
        assertEquals(30L, LedgerSettings.parse(LedgerSettings.HELD_TOO_LONG, "30"));
        assertEquals(100L, LedgerSettings.parse(LedgerSettings.LIMIT_COUNT, "100"));
        assertEquals(false, LedgerSettings.parse(LedgerSettings.INHERIT, "FALSE"));

        LedgerSettings.Values values = LedgerSettings.read(Map.of(LedgerSettings.TRACKING, "all",
                LedgerSettings.HELD_TOO_LONG, 5, LedgerSettings.LIMIT_BYTES, 4096L));
        assertEquals(Tracking.ALL, values.tracking());
        assertEquals(Tracking.DEFAULT_SAMPLE, values.sample());
        assertEquals(Duration.ofSeconds(5), values.heldTooLong());
        assertEquals(new ResourceLimit(Long.MAX_VALUE, 4096), values.limit());
        assertEquals(true, values.inherit());
    }

    @Test
    public void aBadValueOrAnUnknownKeyIsRefusedWithOneLineNamingIt() {
        assertEquals("reclaim.tracking.sample must be a whole number from 1 up, not '0'",
                assertThrows(IllegalArgumentException.class, () -> LedgerSettings.parse(LedgerSettings.SAMPLE, "0"))
                        .getMessage());
        assertEquals("tracking must be off, sampled or all, not 'some'",
                assertThrows(IllegalArgumentException.class, () -> LedgerSettings.parse(LedgerSettings.TRACKING, "some"))
                        .getMessage());
        assertEquals("reclaim.inherit must be true or false, not 'yes'",
                assertThrows(IllegalArgumentException.class, () -> LedgerSettings.parse(LedgerSettings.INHERIT, "yes"))
                        .getMessage());
        assertEquals("reclaim.limit.count must be a whole number from 0 up, not '-3'",
                assertThrows(IllegalArgumentException.class, () -> LedgerSettings.parse(LedgerSettings.LIMIT_COUNT, "-3"))
                        .getMessage());
        assertThrows(IllegalArgumentException.class, () -> LedgerSettings.parse("reclaim.other", "1"));
    }
}
