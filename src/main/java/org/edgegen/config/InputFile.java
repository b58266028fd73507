package org.edgegen.config;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The check of a file a user names as input (a scenario, an include, a suite, a node config): it must be a readable regular file,
 * so that a directory, a FIFO (which would block the reader forever) or a device such as /dev/zero (which would
 * fill the heap) is a one-line error instead.
 */
public final class InputFile {

    private InputFile() {}

    /**
     * @param what the kind of file, for the message (e.g. {@code scenario file})
     * @throws ConfigurationException naming the file and what is allowed
     */
    public static void requireReadable(Path file, String what) {
        if (!Files.exists(file)) {
            throw new ConfigurationException(what + " not found: " + file);
        }
        if (Files.isDirectory(file)) {
            throw new ConfigurationException(what + " not found: " + file + " is a directory; allowed a HOCON file");
        }
        if (!Files.isRegularFile(file)) {
            throw new ConfigurationException(what + " " + file + " is not a regular file (a FIFO, device or socket); "
                    + "allowed a HOCON file");
        }
        if (!Files.isReadable(file)) {
            throw new ConfigurationException(what + " not readable: " + file);
        }
    }
}
