package io.reclaim.shell.karaf.internal;

import java.util.ArrayList;
import java.util.List;

import org.apache.karaf.shell.api.console.CommandLine;

/**
 * A console line with the cursor at its end, split into words as Karaf's console (jline) splits
 * a line without quotes: {@code "reclaim:kill "} is the words {@code reclaim:kill} and an empty
 * one under the cursor.
 */
final class TypedLine implements CommandLine {

    private final String buffer;
    private final String[] words;

    TypedLine(String buffer) {
        this.buffer = buffer;
        List<String> split = new ArrayList<>();
        if (!buffer.isBlank()) {
            split.addAll(List.of(buffer.trim().split("\\s+")));
        }
        if (split.isEmpty() || Character.isWhitespace(buffer.charAt(buffer.length() - 1))) {
            split.add("");
        }
        this.words = split.toArray(String[]::new);
    }

    @Override
    public int getCursorArgumentIndex() {
        return words.length - 1;
    }

    @Override
    public String getCursorArgument() {
        return words[words.length - 1];
    }

    @Override
    public int getArgumentPosition() {
        return getCursorArgument().length();
    }

    @Override
    public String[] getArguments() {
        return words.clone();
    }

    @Override
    public int getBufferPosition() {
        return buffer.length();
    }

    @Override
    public String getBuffer() {
        return buffer;
    }
}
