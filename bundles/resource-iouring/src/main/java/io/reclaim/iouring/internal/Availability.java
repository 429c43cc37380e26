package io.reclaim.iouring.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import io.reclaim.iouring.IoUringUnavailableException;

/**
 * Decides whether this system can create io_uring rings, and says why not in words. Nothing here
 * touches JNA before the operating system and the architecture are known to fit, so that a
 * non-Linux system never even loads it.
 */
final class Availability {

    /** Architectures whose syscall numbers for io_uring are 425 and 426. */
    private static final Set<String> ARCHITECTURES = Set.of("amd64", "x86_64", "aarch64", "riscv64", "ppc64le", "s390x");

    static final Path DISABLED_SYSCTL = Path.of("/proc/sys/kernel/io_uring_disabled");

    private final String osName;
    private final String osArch;
    private final Path disabledSysctl;

    Availability() {
        this(System.getProperty("os.name", ""), System.getProperty("os.arch", ""), DISABLED_SYSCTL);
    }

    Availability(String osName, String osArch, Path disabledSysctl) {
        this.osName = osName;
        this.osArch = osArch;
        this.disabledSysctl = disabledSysctl;
    }

    /**
     * Checks everything that can be known without asking the kernel for a ring.
     *
     * @throws IoUringUnavailableException naming the first reason found
     */
    void check() {
        if (!osName.toLowerCase(Locale.ROOT).startsWith("linux")) {
            throw new IoUringUnavailableException("io_uring is a Linux interface and this system is " + osName, 0);
        }
        if (!ARCHITECTURES.contains(osArch)) {
            throw new IoUringUnavailableException("the architecture " + osArch + " is not supported", 0);
        }
        if (disabledLevel() == 2) {
            throw new IoUringUnavailableException("it is disabled by " + disabledSysctl + " = 2", 0);
        }
        try {
            Class.forName("com.sun.jna.Native", false, Availability.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            throw new IoUringUnavailableException("JNA (package com.sun.jna) is not installed", 0);
        }
        try {
            LibC.INSTANCE.getClass();
        } catch (LinkageError e) {
            throw new IoUringUnavailableException("JNA cannot load libc: " + e.getMessage(), 0);
        }
    }

    /**
     * Turns a refusal of {@code io_uring_setup} into the reason it means, if it means that
     * io_uring is unavailable rather than that this one ring could not be made.
     */
    Optional<IoUringUnavailableException> explainRefusal(int errno) {
        if (errno == Errno.ENOSYS) {
            return Optional.of(new IoUringUnavailableException(
                    "the kernel has no io_uring_setup: " + Errno.describe(errno), errno));
        }
        if (errno == Errno.EPERM) {
            String why = disabledLevel() == 1
                    ? disabledSysctl + " = 1 admits only privileged processes"
                    : "the kernel or a seccomp filter refuses io_uring_setup";
            return Optional.of(new IoUringUnavailableException(why + ": " + Errno.describe(errno), errno));
        }
        return Optional.empty();
    }

    /** @return the value of {@code kernel.io_uring_disabled}, 0 where the kernel has no such setting */
    private int disabledLevel() {
        try {
            return Integer.parseInt(Files.readString(disabledSysctl).trim());
        } catch (IOException | NumberFormatException e) {
            return 0; // kernels before 6.6 have no such switch: io_uring is enabled there
        }
    }
}
