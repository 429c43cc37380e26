package io.reclaim.zerocopy.internal;

import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.ManyToOneRingBuffer;

/**
 * Run as a separate OS process: maps a ring file the way any process outside the JVM would
 * (documented layout, plain Agrona, no Reclaim classes) and writes messages into it.
 */
public final class ExternalWriter {

    private ExternalWriter() {
    }

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        int count = Integer.parseInt(args[1]);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            MappedByteBuffer mapped = channel.map(FileChannel.MapMode.READ_WRITE, 0, channel.size());
            UnsafeBuffer header = new UnsafeBuffer(mapped, 0, 128);
            if (header.getIntVolatile(12) != 0) {
                System.exit(3); // closed by its creator
            }
            ManyToOneRingBuffer ring = new ManyToOneRingBuffer(new UnsafeBuffer(mapped, 128, (int) channel.size() - 128));
            UnsafeBuffer message = new UnsafeBuffer(new byte[Long.BYTES]);
            for (int i = 0; i < count; i++) {
                message.putLong(0, ProcessHandle.current().pid() * 1000 + i);
                if (!ring.write(7, message, 0, Long.BYTES)) {
                    System.exit(2); // full: the test sizes the ring so this cannot happen
                }
            }
        }
        System.exit(0);
    }
}
