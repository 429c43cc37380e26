package io.reclaim.api;

/**
 * Thrown when a process uses or releases a resource handle that another process owns. The
 * resource is left untouched.
 */
public class WrongOwnerException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    public WrongOwnerException(String resourceType, Pid owner, Pid caller) {
        super(resourceType + " handle belongs to pid " + owner + ", not to pid " + caller);
    }
}
