package dev.gridforge.bench.sass;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where the report finds cuobjdump: $GRIDFORGE_CUDA_TOOLS, else where scripts/install-cuda-host-libs.sh
 * unpacks Debian's 11.8 (which reads NVRTC 11.8's CUBINs), else a CUDA toolkit's, else PATH.
 */
final class Tools {
    static final String WHERE = "looked in $GRIDFORGE_CUDA_TOOLS, ~/.cache/gridforge-ci/cuda-tools, /usr/local/cuda/bin and on PATH";

    private Tools() {
    }

    static Optional<Path> cuobjdump() {
        String env = System.getenv("GRIDFORGE_CUDA_TOOLS");
        if (env != null && !env.isBlank()) {
            return executable(Path.of(env, "cuobjdump"));
        }
        Optional<Path> cached = executable(Path.of(System.getProperty("user.home"), ".cache", "gridforge-ci", "cuda-tools", "cuobjdump"));
        if (cached.isPresent()) {
            return cached;
        }
        Optional<Path> toolkit = executable(Path.of("/usr/local/cuda/bin/cuobjdump"));
        if (toolkit.isPresent()) {
            return toolkit;
        }
        String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(java.io.File.pathSeparator)) {
                Optional<Path> found = dir.isEmpty() ? Optional.empty() : executable(Path.of(dir, "cuobjdump"));
                if (found.isPresent()) {
                    return found;
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<Path> executable(Path p) {
        return Files.isRegularFile(p) && Files.isExecutable(p) ? Optional.of(p) : Optional.empty();
    }
}
