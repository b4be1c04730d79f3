package dev.gridforge.runtime.io;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.HexFormat;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A file written whole or not at all. The bytes go to a hidden temporary file in the target's
 * directory ({@code .z.npy.<random>.tmp}), which {@link #commit()} flushes to the disk and then
 * renames over the target in one step: a reader, or whoever looks after a crash or a
 * {@code kill -9}, finds the earlier file or the new one, whole, under the target's name, never
 * a part of either. A write that fails, or is closed without a commit, deletes its temporary
 * file and leaves the target as it was. Every file gridforge writes for its user goes through
 * this ({@code .npy} files, the samples' pictures, the bench's JSON, the build's kernel binaries).
 *
 * <pre>{@code
 * AtomicFile.write(path, out -> out.write(bytes));        // all at once
 * try (AtomicFile f = AtomicFile.create(path)) {          // or over time, e.g. an animation's frames
 *     ... f.stream() ...
 *     f.commit();                                          // without it, close() discards
 * }
 * }</pre>
 *
 * <p>The temporary file is forced to the disk (fsync) before the rename: a rename is atomic for
 * processes, but after a power cut or a kernel crash file systems may have recorded the new name
 * before the new data (XFS, or ext4 without its rename heuristic), which would leave an empty or
 * partial file where the earlier good one was. That costs a few milliseconds a file, small
 * against producing a result worth saving. The directory is not forced after the rename: that
 * would only make the new name durable sooner; either name found after a crash is a whole file.
 */
public final class AtomicFile implements Closeable {

    /** What writes the file's bytes. */
    @FunctionalInterface
    public interface Body {
        void writeTo(OutputStream out) throws IOException;
    }

    private static final int BUFFER_BYTES = 1 << 16;

    private final Path target;
    private final Path temporary;
    private final FileChannel channel;
    private final OutputStream stream;
    private boolean done;

    private AtomicFile(Path target, Path temporary, FileChannel channel) {
        this.target = target;
        this.temporary = temporary;
        this.channel = channel;
        // The body may close the stream it is given (try-with-resources): that must not close the
        // channel before the commit has forced it to the disk.
        this.stream = new FilterOutputStream(new BufferedOutputStream(Channels.newOutputStream(channel), BUFFER_BYTES)) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
            }

            @Override
            public void close() throws IOException {
                flush();
            }
        };
    }

    /** Writes {@code target} whole with what {@code body} writes, or leaves it as it was when {@code body} throws. */
    public static void write(Path target, Body body) throws IOException {
        Objects.requireNonNull(body, "body");
        try (AtomicFile f = create(target)) {
            body.writeTo(f.stream());
            f.commit();
        }
    }

    /** Writes {@code target} whole with {@code bytes}. */
    public static void write(Path target, byte[] bytes) throws IOException {
        Objects.requireNonNull(bytes, "bytes");
        write(target, out -> out.write(bytes));
    }

    /**
     * Starts a file that replaces {@code target} at {@link #commit()}. A target that is a symbolic
     * link is written through it (the link stays); an existing target keeps its permissions; a new
     * one gets those of any file created there.
     *
     * @throws IOException when no file can be created in the target's directory
     */
    public static AtomicFile create(Path target) throws IOException {
        Objects.requireNonNull(target, "target");
        Path real = target.toAbsolutePath();
        if (Files.exists(real)) {
            real = real.toRealPath(); // a symbolic link: replace what it points to, beside it
            if (!Files.isRegularFile(real) && !Files.isDirectory(real)) {
                // A pipe or a device (/dev/stdout): nothing there to keep whole, and no directory
                // to rename in; written straight through.
                return new AtomicFile(real, null, FileChannel.open(real, StandardOpenOption.WRITE));
            }
        }
        Path dir = real.getParent();
        String random = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
        Path temporary = dir.resolve("." + real.getFileName() + "." + random + ".tmp");
        FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        try {
            if (Files.isRegularFile(real)) {
                copyPermissions(real, temporary);
            }
        } catch (IOException | RuntimeException e) {
            channel.close();
            Files.deleteIfExists(temporary);
            throw e;
        }
        return new AtomicFile(real, temporary, channel);
    }

    /** Where the bytes go; buffered. Closing it only flushes it: {@link #commit()} ends the file. */
    public OutputStream stream() {
        return stream;
    }

    /** The file this replaces (a symbolic link resolved). */
    public Path target() {
        return target;
    }

    /**
     * Forces the bytes written to the disk and renames the temporary file over the target.
     *
     * @throws IOException when that fails; the target is then as it was, and the temporary file gone
     */
    public void commit() throws IOException {
        if (done) {
            throw new IllegalStateException(target + ": this AtomicFile was already committed or discarded");
        }
        try {
            stream.flush();
            if (temporary == null) {
                channel.close();
                done = true;
                return;
            }
            channel.force(true);
            channel.close();
            try {
                Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                // Some network file systems: replaced, though not in one step.
                Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
            }
            done = true;
        } finally {
            if (!done) {
                discard();
            }
        }
    }

    /** Discards the file unless it was committed: the temporary file is deleted, the target left as it was. */
    @Override
    public void close() throws IOException {
        if (!done) {
            discard();
        }
    }

    private void discard() throws IOException {
        done = true;
        try {
            channel.close();
        } finally {
            if (temporary != null) {
                Files.deleteIfExists(temporary);
            }
        }
    }

    private static void copyPermissions(Path from, Path to) throws IOException {
        try {
            Files.setPosixFilePermissions(to, Files.getPosixFilePermissions(from));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: the new file has that system's defaults
        }
    }
}
