package io.reclaim.shell.internal;

/**
 * The {@code -p}, {@code --plain}, {@code --no-format} option that every listing command takes:
 * tab-separated rows without a header, nothing at all for an empty table.
 */
final class Plain {

    /** The option's text for {@code help}. */
    static final String DESCRIPTION = "print tab-separated rows without a header, for scripts";

    private Plain() {
    }
}
