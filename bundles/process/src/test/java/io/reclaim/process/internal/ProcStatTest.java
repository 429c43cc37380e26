package io.reclaim.process.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import org.junit.Test;

public class ProcStatTest {

    @Test
    public void readsTheFieldsAfterACommandNameWithSpacesAndParentheses() {
        ProcStat stat = ProcStat.parse("4242 (odd) name (x)) S 17 4200 4100 0 -1 4194560 120 0 0 0");

        assertEquals(4242, stat.pid());
        assertEquals('S', stat.state());
        assertEquals(17, stat.ppid());
        assertEquals(4200, stat.pgrp());
        assertEquals(4100, stat.session());
        assertFalse(stat.isZombie());
    }

    @Test
    public void aZombieCountsAsExited() {
        assertTrue(ProcStat.parse("7 (sleep) Z 1 7 7 0").isZombie());
        assertTrue(ProcStat.parse("7 (sleep) X 1 7 7 0").isZombie());
    }

    @Test
    public void rejectsWhatIsNoStatLine() {
        assertThrows(IllegalArgumentException.class, () -> ProcStat.parse("garbage"));
    }

    @Test
    public void readsThisJvmFromProc() {
        long self = ProcessHandle.current().pid();

        ProcStat stat = ProcStat.read(self).orElseThrow();

        assertEquals(self, stat.pid());
        assertEquals(ProcessHandle.current().parent().orElseThrow().pid(), stat.ppid());
        assertTrue(ProcStat.all().stream().anyMatch(s -> s.pid() == self));
        assertTrue("a pid that cannot exist", ProcStat.read(Long.MAX_VALUE).isEmpty());
    }
}
