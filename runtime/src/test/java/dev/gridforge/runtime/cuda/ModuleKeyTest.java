package dev.gridforge.runtime.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ModuleKeyTest {

    private static final List<String> OPTIONS = List.of("--gpu-architecture=sm_90", "--fmad=false", "--std=c++17");
    private final ModuleKey base = new ModuleKey("src", OPTIONS, "13.0", "sm_90", OutputKind.CUBIN);

    @Test
    void optionOrderDoesNotMatter() {
        ModuleKey reordered = new ModuleKey("src", List.of("--std=c++17", "--fmad=false", "--gpu-architecture=sm_90"),
                "13.0", "sm_90", OutputKind.CUBIN);
        assertEquals(base, reordered);
        assertEquals(base.digest("v1"), reordered.digest("v1"));
    }

    @Test
    void everyFieldAndTheGridforgeVersionChangeTheDigest() {
        Set<String> digests = new HashSet<>();
        digests.add(base.digest("v1"));
        digests.add(base.digest("v2"));
        digests.add(new ModuleKey("#define N 2\nsrc", OPTIONS, "13.0", "sm_90", OutputKind.CUBIN).digest("v1"));
        digests.add(new ModuleKey("src", List.of("--fmad=true"), "13.0", "sm_90", OutputKind.CUBIN).digest("v1"));
        digests.add(new ModuleKey("src", OPTIONS, "12.8", "sm_90", OutputKind.CUBIN).digest("v1"));
        digests.add(new ModuleKey("src", OPTIONS, "13.0", "sm_80", OutputKind.CUBIN).digest("v1"));
        digests.add(new ModuleKey("src", OPTIONS, "13.0", "sm_90", OutputKind.PTX).digest("v1"));
        assertEquals(7, digests.size());
    }

    @Test
    void fieldsCannotRunIntoEachOther() {
        ModuleKey a = new ModuleKey("ab", List.of(), "c", "sm_90", OutputKind.CUBIN);
        ModuleKey b = new ModuleKey("a", List.of(), "bc", "sm_90", OutputKind.CUBIN);
        assertNotEquals(a.digest("v"), b.digest("v"));
    }

    @Test
    void digestIsSha256Hex() {
        assertEquals(64, base.digest("v").length());
    }
}
