package io.reclaim.api.internal.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
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
        byte[] type = utf(entry.type());
        int size = 1 + 8 + 8 + 2 + type.length + 8 + 4;
        byte[][] attributes = new byte[entry.attributes().size() * 2][];
        int i = 0;
        for (Map.Entry<String, String> attribute : entry.attributes().entrySet()) {
            attributes[i] = utf(attribute.getKey());
            attributes[i + 1] = utf(attribute.getValue());
            size += 4 + attributes[i].length + attributes[i + 1].length;
            i += 2;
        }
        ByteBuffer frame = ByteBuffer.allocate(FRAME + size);
        frame.position(FRAME);
        frame.put(ADD).putLong(entry.id()).putLong(entry.recordedMillis());
        put(frame, type);
        frame.putLong(entry.ownerPid()).putInt(attributes.length / 2);
        for (byte[] text : attributes) {
            put(frame, text);
        }
        return seal(frame);
    }

    static ByteBuffer remove(long id) {
        ByteBuffer frame = ByteBuffer.allocate(FRAME + 1 + 8);
        frame.position(FRAME);
        frame.put(REMOVE).putLong(id);
        return seal(frame);
    }

    static ByteBuffer sequence(String name, long limit) {
        byte[] text = utf(name);
        ByteBuffer frame = ByteBuffer.allocate(FRAME + 1 + 2 + text.length + 8);
        frame.position(FRAME);
        frame.put(SEQUENCE);
        put(frame, text);
        frame.putLong(limit);
        return seal(frame);
    }

    /** Strings are UTF-8 behind a 2-byte length, as {@code DataInput.readUTF} reads them for ASCII. */
    private static byte[] utf(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > 0xffff) {
            throw new IllegalArgumentException("a journal string is at most 65535 bytes in UTF-8");
        }
        return bytes;
    }

    private static void put(ByteBuffer frame, byte[] text) {
        frame.putShort((short) text.length).put(text);
    }

    private static ByteBuffer seal(ByteBuffer frame) {
        byte[] bytes = frame.array();
        int length = bytes.length - FRAME;
        return frame.putInt(0, length).putInt(4, crc(bytes, FRAME, length)).position(0);
    }

    /** What one valid payload says; the reader applies it. */
    interface Visitor {
        void added(Entry entry);

        void removed(long id);

        void sequence(String name, long limit);
    }

    static void parse(Object journal, byte[] payload, Visitor visitor) throws IOException {
        Input in = new Input(ByteBuffer.wrap(payload));
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

    /** Reads what the writers above wrote; a record that ends early is an IOException, as a torn one. */
    private static final class Input {
        private final ByteBuffer bytes;

        Input(ByteBuffer bytes) {
            this.bytes = bytes;
        }

        byte readByte() throws IOException {
            need(1);
            return bytes.get();
        }

        int readInt() throws IOException {
            need(4);
            return bytes.getInt();
        }

        long readLong() throws IOException {
            need(8);
            return bytes.getLong();
        }

        String readUTF() throws IOException {
            need(2);
            int length = Short.toUnsignedInt(bytes.getShort());
            need(length);
            String text = new String(bytes.array(), bytes.position(), length, StandardCharsets.UTF_8);
            bytes.position(bytes.position() + length);
            return text;
        }

        private void need(int count) throws IOException {
            if (bytes.remaining() < count) {
                throw new IOException("record ends " + (count - bytes.remaining()) + " bytes early");
            }
        }
    }

    static int crc(byte[] bytes, int offset, int length) {
        CRC32 crc = new CRC32();
        crc.update(bytes, offset, length);
        return (int) crc.getValue();
    }
}
