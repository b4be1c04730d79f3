package dev.gridforge.runtime;

/** Device memory could not be allocated or copied; the message gives the sizes involved. */
public class DeviceMemoryException extends GridforgeException {
    private static final long serialVersionUID = 1L;

    public DeviceMemoryException(String message) {
        super(message);
    }

    public DeviceMemoryException(String message, Throwable cause) {
        super(message, cause);
    }
}
