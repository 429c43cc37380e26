package io.reclaim.api.internal.journal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * The file's format. A header (magic, version), then records: a 4-byte length, the CRC-32 of the
 * payload, the payload. Payloads: ADD (id, time, type, owner pid, attributes), REMOVE (id),
 * SEQUENCE (name, limit).
 */
final class Records {

    static final int MAGIC = 0x52434c4a; // "RCLJ"
    static final int VERSION = 1;
    static final int HEADER = 8;
    static final int FRAME = 8;
    /** No record is longer: a length beyond it is a torn or corrupted frame. */
    static final int MAX_PAYLOAD = 1 << 20;

    static final byte ADD = 1;
    static final byte REMOVE = 2;
    static final byte SEQUENCE = 3;

    private Records() {
    }

    static ByteBuffer header() {
        return ByteBuffer.allocate(HEADER).putInt(MAGIC).putInt(VERSION).flip();
    }

    static ByteBuffer add(Entry entry) {
        return frame(out -> {
            out.writeByte(ADD);
            out.writeLong(entry.id());
            out.writeLong(entry.recordedMillis());
            out.writeUTF(entry.type());
            out.writeLong(entry.ownerPid());
            out.writeInt(entry.attributes().size());
            for (Map.Entry<String, String> attribute : entry.attributes().entrySet()) {
                out.writeUTF(attribute.getKey());
                out.writeUTF(attribute.getValue());
            }
        });
    }

    static ByteBuffer remove(long id) {
        return frame(out -> {
            out.writeByte(REMOVE);
            out.writeLong(id);
        });
    }

    static ByteBuffer sequence(String name, long limit) {
        return frame(out -> {
            out.writeByte(SEQUENCE);
            out.writeUTF(name);
            out.writeLong(limit);
        });
    }

    /** What one valid payload says; the reader applies it. */
    interface Visitor {
        void added(Entry entry);

        void removed(long id);

        void sequence(String name, long limit);
    }

    static void parse(Object journal, byte[] payload, Visitor visitor) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(payload));
        byte kind = in.readByte();
        switch (kind) {
            case ADD -> {
                long id = in.readLong();
                long time = in.readLong();
                String type = in.readUTF();
                long owner = in.readLong();
                int count = in.readInt();
                if (count < 0 || count > 10_000) {
                    throw new IOException("implausible attribute count " + count);
                }
                Map<String, String> attributes = new LinkedHashMap<>();
                for (int i = 0; i < count; i++) {
                    attributes.put(in.readUTF(), in.readUTF());
                }
                visitor.added(new Entry(journal, id, type, owner, attributes, time));
            }
            case REMOVE -> visitor.removed(in.readLong());
            case SEQUENCE -> visitor.sequence(in.readUTF(), in.readLong());
            default -> throw new IOException("unknown record kind " + kind);
        }
    }

    static int crc(byte[] bytes, int offset, int length) {
        CRC32 crc = new CRC32();
        crc.update(bytes, offset, length);
        return (int) crc.getValue();
    }

    private interface Writer {
        void write(DataOutputStream out) throws IOException;
    }

    private static ByteBuffer frame(Writer writer) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(0);
            out.writeInt(0);
            writer.write(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a byte array does not fail
        }
        byte[] record = bytes.toByteArray();
        int length = record.length - FRAME;
        return ByteBuffer.wrap(record).putInt(0, length).putInt(4, crc(record, FRAME, length));
    }
}
