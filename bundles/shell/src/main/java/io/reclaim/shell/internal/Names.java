package io.reclaim.shell.internal;

/**
 * Text from elsewhere (process names, signal names, error messages) made safe for the operator's
 * terminal: control characters, ANSI escape sequences among them, are shown escaped
 * ({@code \e}, {@code \n}, {@code \x07}, {@code \u200b}) instead of acting on the terminal, and the
 * text is bounded so that one long value cannot flood a line.
 */
final class Names {

    /** The longest name the shell accepts, and shows whole. */
    static final int MAX_NAME = 256;
    /** The longest error line shown; a longer one is cut, saying so. */
    static final int MAX_LINE = 1024;
    static final String ELLIPSIS = "...";

    private Names() {
    }

    /** @return {@code text} escaped and cut to {@value #MAX_NAME} characters */
    static String display(Object text) {
        return bounded(escape(String.valueOf(text)), MAX_NAME);
    }

    /** @return {@code text} escaped and cut to {@value #MAX_LINE} characters, one line */
    static String oneLine(String text) {
        return bounded(escape(text == null ? "" : text), MAX_LINE);
    }

    /** @return {@code text} cut to {@code max} characters, the last three of them {@value #ELLIPSIS}, if longer */
    static String bounded(String text, int max) {
        if (text.length() <= max) {
            return text;
        }
        return text.substring(0, Math.max(0, max - ELLIPSIS.length())) + ELLIPSIS;
    }

    /** @return {@code text} with every control or format character escaped */
    static String escape(String text) {
        StringBuilder escaped = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            String replacement = replacement(c);
            if (replacement != null && escaped == null) {
                escaped = new StringBuilder(text.length() + 16).append(text, 0, i);
            }
            if (escaped != null) {
                escaped.append(replacement != null ? replacement : String.valueOf(c));
            }
        }
        return escaped == null ? text : escaped.toString();
    }

    private static String replacement(char c) {
        switch (c) {
            case '\u001b':
                return "\\e";
            case '\n':
                return "\\n";
            case '\r':
                return "\\r";
            case '\t':
                return "\\t";
            default:
                break;
        }
        if (c < 0x20 || c == 0x7f || c >= 0x80 && c < 0xa0) {
            return String.format("\\x%02x", (int) c);
        }
        int type = Character.getType(c);
        // bidi overrides, zero-width characters, line and paragraph separators: they rearrange or hide text
        if (type == Character.FORMAT || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR) {
            return String.format("\\u%04x", (int) c);
        }
        return null;
    }
}
