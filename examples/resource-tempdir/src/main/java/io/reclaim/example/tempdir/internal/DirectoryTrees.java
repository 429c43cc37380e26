package io.reclaim.example.tempdir.internal;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Measures and deletes a directory tree. Symbolic links are never followed: a link to a file
 * outside the tree is deleted, its target is not, and its target's size is not counted.
 */
final class DirectoryTrees {

    private DirectoryTrees() {
    }

    /** @return the sum of the sizes of the regular files in the tree; what cannot be read counts 0 */
    static long sizeOf(Path root) {
        long[] bytes = {0};
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                    if (attributes.isRegularFile()) {
                        bytes[0] += attributes.size();
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    return FileVisitResult.CONTINUE; // gone or unreadable: it frees nothing we can count
                }
            });
        } catch (IOException e) {
            // the visitor swallows every failure, so the walk itself cannot fail
        }
        return bytes[0];
    }

    /**
     * Deletes the tree. Entries that vanish meanwhile (the owner deleting them itself) are fine.
     *
     * @throws IOException naming the first entry that could not be deleted
     */
    static void delete(Path root) throws IOException {
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                Files.deleteIfExists(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                if (e instanceof NoSuchFileException) {
                    return FileVisitResult.CONTINUE;
                }
                throw e;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path directory, IOException e) throws IOException {
                if (e != null) {
                    throw e;
                }
                Files.deleteIfExists(directory);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
