package io.reclaim.orchestrator.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.Test;

import io.reclaim.api.HandlerInfo;
import io.reclaim.orchestrator.PipeHandler;

public class HandlerOrderTest {

    private final List<String> journal = new ArrayList<>();
    private final HandlerOrder order = new HandlerOrder();

    @Test
    public void addingKeepsTheOrderSorted() {
        order.put(handler(10, "files"), 300);
        order.put(handler(11, "sockets"), 500);
        order.put(handler(12, "memory"), 100);
        order.put(handler(13, "custom"), 300);

        assertEquals(List.of("sockets", "custom", "files", "memory"), types());
    }

    @Test
    public void removingMarksTheHandlerGoneAndDropsIt() {
        Handler files = handler(10, "files");
        order.put(files, 300);
        order.put(handler(11, "sockets"), 500);

        assertSame(files, order.remove(10));

        assertTrue(files.isGone());
        assertEquals(List.of("sockets"), types());
        assertNull("removing twice finds nothing", order.remove(10));
    }

    @Test
    public void reRankingMovesTheSameHandlerWithoutMarkingItGone() {
        Handler files = handler(10, "files");
        order.put(files, 300);
        order.put(handler(11, "sockets"), 500);

        assertTrue(order.rerank(10, 600));

        assertEquals(List.of("files", "sockets"), types());
        assertSame(files, order.snapshot()[0].handler());
        assertFalse(files.isGone());
        assertEquals(new HandlerInfo(1, "files", 600, 10, "test.bundle"), order.info().get(0));
    }

    @Test
    public void reRankingAnUnknownHandlerReportsIt() {
        assertFalse(order.rerank(99, 1));
        assertEquals(0, order.snapshot().length);
    }

    @Test
    public void aSnapshotTakenBeforeAChangeStaysAsItWas() {
        order.put(handler(10, "files"), 300);
        order.put(handler(11, "sockets"), 500);
        RankedHandler[] before = order.snapshot();
        RankedHandler[] copy = before.clone();

        order.rerank(10, 900);
        order.remove(11);
        order.put(handler(12, "memory"), 100);

        assertTrue(Arrays.equals(copy, before));
        assertEquals(List.of("files", "memory"), types());
    }

    @Test
    public void infoNumbersPositionsFromOne() {
        order.put(handler(10, "files"), 300);
        order.put(handler(11, "sockets"), 500);

        assertEquals(List.of(new HandlerInfo(1, "sockets", 500, 11, "test.bundle"),
                new HandlerInfo(2, "files", 300, 10, "test.bundle")), order.info());
    }

    private Handler handler(long id, String type) {
        return Handler.of(id, new PipeHandler(type, journal), "test.bundle");
    }

    private List<String> types() {
        return Arrays.stream(order.snapshot()).map(r -> r.handler().type()).toList();
    }
}
