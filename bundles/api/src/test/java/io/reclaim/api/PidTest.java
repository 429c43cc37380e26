package io.reclaim.api;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import org.junit.Test;

public class PidTest {

    @Test
    public void parsesPositiveNumbers() {
        assertEquals(Pid.of(42), Pid.parse(" 42 "));
    }

    @Test
    public void refusesZeroNegativeAndText() {
        assertEquals("a pid is a positive number, got 0", assertThrows(IllegalArgumentException.class, () -> Pid.of(0)).getMessage());
        assertEquals("a pid is a positive number, got -3", assertThrows(IllegalArgumentException.class, () -> Pid.parse("-3")).getMessage());
        assertEquals("a pid is a positive number, got 'abc'", assertThrows(IllegalArgumentException.class, () -> Pid.parse("abc")).getMessage());
        assertEquals("a pid is required", assertThrows(IllegalArgumentException.class, () -> Pid.parse("")).getMessage());
    }
}
