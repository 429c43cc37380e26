package io.reclaim.webconsole.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits the Spawn form's command as {@code reclaim:spawn -c} does: on whitespace, single or
 * double quotes keep whitespace inside one argument ({@code sh -c 'sleep 1 & sleep 2'}), no escapes.
 */
final class CommandLine {

    private CommandLine() {
    }

    /** @throws IllegalArgumentException if the line is blank or a quote is not closed */
    static List<String> split(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        char quote = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    word.append(c);
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
                inWord = true;
            } else if (Character.isWhitespace(c)) {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
            } else {
                word.append(c);
                inWord = true;
            }
        }
        if (quote != 0) {
            throw new IllegalArgumentException("the command has an unclosed " + quote + " quote");
        }
        if (inWord) {
            words.add(word.toString());
        }
        if (words.isEmpty()) {
            throw new IllegalArgumentException("the command is empty");
        }
        return List.copyOf(words);
    }
}
