package dev.gridforge.processor.cuda;

import dev.gridforge.abi.LaunchInterface;
import dev.gridforge.processor.ir.Kernel;
import dev.gridforge.processor.ir.KernelParam;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The C names of one kernel's translation unit, every one made here, in shapes that C, C++, CUDA
 * and their libraries never use, so no Java name can clash with a library function or macro
 * ({@code puts}, {@code M_PI}, {@code y0}) or with a keyword:
 * <ul>
 * <li>the user's locals and parameters keep their name with an underscore after it ({@code lap_},
 *     {@code M_PI_}): no C, C++, POSIX or CUDA name ends in a single underscore without starting
 *     with one (those are the implementation's, and ours never start with one);</li>
 * <li>everything else starts with {@code gf_} or {@code GF_}, a prefix user names may not take:
 *     the entry {@code gf_kernel_step}, helpers {@code gf_fn_onBorder} (and their tangent
 *     functions), the point function, the processor's own locals ({@code gf_d1_u}), the macros of
 *     specialised constants ({@code GF_CONST_step_}).</li>
 * </ul>
 * A name is ASCII letters, digits and single underscores: {@code $} becomes {@code _S_}, any other
 * character {@code _uXXXX_}. Two Java names that come out alike get a counter ({@code lap_2_}).
 * The Java names stay in comments and messages. {@code CNamesTest} checks the shapes against every
 * name the simulator's and NVRTC's headers declare.
 */
public final class CNames {
    private final Map<String, String> variables = new HashMap<>();
    private final Set<String> taken = new HashSet<>();

    private CNames() {
    }

    /** The names of a kernel's translation unit: its parameters first, in order, so the same kernel always gets the same names. */
    public static CNames of(Kernel k) {
        CNames names = new CNames();
        for (KernelParam p : k.params()) {
            names.variable(p.name());
        }
        return names;
    }

    /** The kernel's {@code extern "C"} entry point, which the runtime looks up by this name. */
    public static String entry(String kernel) {
        return LaunchInterface.ENTRY_PREFIX + ascii(kernel);
    }

    /** The per-point function of a kernel ({@code gf_point_step}). */
    static String point(String kernel) {
        return "gf_point_" + ascii(kernel);
    }

    /** A {@code @Device} helper, or a tangent function made from one, by its IR name. */
    static String helper(String irName) {
        return "gf_fn_" + ascii(irName);
    }

    /** The {@code #define} a specialised constant is read through, which the runtime defines per value. */
    public String macro(String param) {
        return "GF_CONST_" + variable(param);
    }

    /**
     * A local or parameter: the user's ({@code lap} → {@code lap_}) or one the processor made
     * ({@code gf_d1_u} → {@code gf_d1_u}); the same Java name always gives the same C name.
     */
    public String variable(String javaName) {
        String known = variables.get(javaName);
        if (known != null) {
            return known;
        }
        boolean generated = javaName.startsWith("gf_");
        String stem = generated ? "gf_" + ascii(javaName.substring(3)) : ascii(javaName);
        String suffix = generated ? "" : "_";
        String name = stem + suffix;
        for (int i = 2; taken.contains(name); i++) {
            name = stem + "_" + i + suffix;
        }
        taken.add(name);
        variables.put(javaName, name);
        return name;
    }

    /** ASCII letters, digits and single inner underscores; never empty, never starting with a digit. */
    static String ascii(String javaName) {
        StringBuilder sb = new StringBuilder();
        javaName.codePoints().forEach(cp -> {
            if (cp < 128 && Character.isLetterOrDigit(cp) || cp == '_') {
                sb.appendCodePoint(cp);
            } else if (cp == '$') {
                sb.append("_S_");
            } else {
                sb.append("_u").append(Integer.toHexString(cp)).append('_');
            }
        });
        String s = sb.toString().replaceAll("_+", "_").replaceAll("^_|_$", "");
        return s.isEmpty() || Character.isDigit(s.charAt(0)) ? "v" + s : s;
    }
}
