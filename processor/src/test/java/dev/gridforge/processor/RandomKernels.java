package dev.gridforge.processor;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Writes random, well-typed kernels over every operator and library function of the kernel
 * language, for the oracle tests. Each kernel takes {@code (int a, long b, float c, double d,
 * @Const int m, @Const double k)}; divisors are made odd ({@code | 1}) so integer division never
 * throws. {@link #approximate} records whether a kernel calls a function that CUDA computes
 * only to within a few ulps.
 */
final class RandomKernels {
    static final String PARAMS = "int a, long b, float c, double d, @Const int m, @Const double k";
    private static final String[] RESULT_TYPES = {"double", "float", "int", "long"};

    private final Random random;
    boolean approximate;
    private final List<String> locals = new ArrayList<>();

    RandomKernels(long seed) {
        this.random = new Random(seed);
    }

    /** A kernel method named {@code name}; its result type is chosen at random. */
    String kernel(String name) {
        approximate = false;
        locals.clear();
        String result = RESULT_TYPES[random.nextInt(RESULT_TYPES.length)];
        StringBuilder body = new StringBuilder();
        int statements = 2 + random.nextInt(4);
        for (int i = 0; i < statements; i++) {
            String type = RESULT_TYPES[random.nextInt(RESULT_TYPES.length)];
            String local = "v" + i;
            body.append("        ").append(type).append(' ').append(local).append(" = ").append(expr(type, 3)).append(";\n");
            if (random.nextInt(3) == 0) {
                body.append("        if (").append(expr("boolean", 2)).append(") { ").append(local).append(" += ")
                        .append(expr(type, 1)).append("; }\n");
            }
            if (random.nextInt(4) == 0) {
                body.append("        for (int i = 0; i < (m & 3); i++) { ").append(local).append(" = ").append(local)
                        .append(type.equals("int") || type.equals("long") ? " ^ " : " * ").append(expr(type, 1)).append("; }\n");
            }
            locals.add(type + " " + local);
        }
        body.append("        return ").append(expr(result, 3)).append(";\n");
        return "    @Pointwise\n    static " + result + " " + name + "(" + PARAMS + ") {\n" + body + "    }\n";
    }

    /**
     * A double kernel over transcendental functions combined by + and * only: no subtraction,
     * division, comparison, cast or rounding after them, which could turn CUDA's last-ulp
     * differences into large ones. Such kernels must agree within a relative tolerance everywhere.
     */
    String transcendentalKernel(String name) {
        approximate = true;
        locals.clear();
        StringBuilder body = new StringBuilder();
        int statements = 1 + random.nextInt(3);
        for (int i = 0; i < statements; i++) {
            String local = "t" + i;
            body.append("        double ").append(local).append(" = ").append(smooth(3)).append(";\n");
            locals.add("double " + local);
        }
        body.append("        return ").append(smooth(3)).append(";\n");
        return "    @Pointwise\n    static double " + name + "(" + PARAMS + ") {\n" + body + "    }\n";
    }

    private String smooth(int depth) {
        if (depth <= 0 || random.nextInt(4) == 0) {
            return leaf("double");
        }
        String x = smooth(depth - 1);
        return switch (random.nextInt(6)) {
            case 0 -> "(" + x + " + " + smooth(depth - 1) + ")";
            case 1 -> "(" + x + " * " + smooth(depth - 1) + ")";
            case 2 -> "Math." + pickOne("atan2", "hypot") + "(" + x + ", " + smooth(depth - 1) + ")";
            case 3 -> "Math.pow(" + x + ", " + pickOne("2", "3", "0.5", "-1.5") + ")";
            default -> "Math." + pickOne("sin", "cos", "tan", "asin", "acos", "atan", "sinh", "cosh", "tanh", "exp",
                    "expm1", "log", "log10", "log1p", "cbrt") + "(" + x + ")";
        };
    }

    String resultTypeOf(String kernelSource) {
        return kernelSource.substring(kernelSource.indexOf("static ") + 7, kernelSource.indexOf(' ', kernelSource.indexOf("static ") + 7));
    }

    private String leaf(String type) {
        List<String> options = new ArrayList<>();
        for (String l : locals) {
            if (l.startsWith(type + " ")) {
                options.add(l.substring(type.length() + 1));
            }
        }
        switch (type) {
            case "int" -> { options.add("a"); options.add("m"); options.add(Integer.toString(random.nextInt(200) - 100)); }
            case "long" -> { options.add("b"); options.add(random.nextInt(1000) - 500 + "L"); }
            case "float" -> { options.add("c"); options.add(random.nextInt(100) / 8.0f + "f"); }
            case "double" -> { options.add("d"); options.add("k"); options.add(Double.toString(random.nextInt(1000) / 16.0)); }
            default -> { options.add("true"); options.add("false"); }
        }
        return options.get(random.nextInt(options.size()));
    }

    String expr(String type, int depth) {
        if (depth <= 0 || random.nextInt(5) == 0) {
            return leaf(type);
        }
        int d = depth - 1;
        return switch (type) {
            case "int" -> integral("int", d);
            case "long" -> integral("long", d);
            case "float" -> floating("float", d);
            case "double" -> floating("double", d);
            default -> bool(d);
        };
    }

    private String integral(String t, int d) {
        String x = expr(t, d);
        String y = expr(t, d);
        String other = t.equals("int") ? "long" : "int";
        return switch (random.nextInt(20)) {
            case 0 -> "(" + x + " + " + y + ")";
            case 1 -> "(" + x + " - " + y + ")";
            case 2 -> "(" + x + " * " + y + ")";
            case 3 -> "(" + x + " / (" + y + " | 1))";
            case 4 -> "(" + x + " % (" + y + " | 1))";
            case 5 -> "(" + x + " << " + expr("int", d) + ")";
            case 6 -> "(" + x + " >> " + expr(random.nextBoolean() ? "int" : "long", d) + ")";
            case 7 -> "(" + x + " >>> " + expr("int", d) + ")";
            case 8 -> "(" + x + " & " + y + " | " + x + " ^ " + y + ")";
            case 9 -> "(~" + x + ")";
            case 10 -> "(-(" + x + "))";
            case 11 -> "((" + t + ") " + expr(other, d) + ")";
            case 12 -> "((" + t + ") " + expr(random.nextBoolean() ? "double" : "float", d) + ")";
            case 13 -> "Math.abs(" + x + ")";
            case 14 -> "Math." + (random.nextBoolean() ? "min" : "max") + "(" + x + ", " + y + ")";
            case 15 -> "Math.floorDiv(" + x + ", " + (t.equals("long") && random.nextBoolean() ? "(" + expr("int", d) + " | 1)" : y + " | 1") + ")";
            case 16 -> t.equals("int") && random.nextBoolean()
                    ? "Math.floorMod(" + expr("long", d) + ", " + x + " | 1)"   // floorMod(long, int) returns int
                    : "Math.floorMod(" + x + ", " + y + " | 1)";
            case 17 -> t.equals("int") ? "Math.round(" + expr("float", d) + ")" : "Math.round(" + expr("double", d) + ")";
            case 18 -> "(" + bool(d) + " ? " + x + " : " + y + ")";
            default -> "((" + t + ") (" + x + " + " + expr(other, d) + "))";
        };
    }

    private String floating(String t, int d) {
        String x = expr(t, d);
        String y = expr(t, d);
        boolean f = t.equals("float");
        int pick = random.nextInt(f ? 14 : 22);
        if (f && pick >= 10 && pick < 14) {
            return switch (pick) {
                case 10 -> "Math.signum(" + x + ")";
                case 11 -> "Math.copySign(" + x + ", " + y + ")";
                case 12 -> "Math.fma(" + x + ", " + y + ", " + expr(t, d) + ")";
                default -> "((float) " + expr("double", d) + ")";
            };
        }
        return switch (pick) {
            case 0 -> "(" + x + " + " + y + ")";
            case 1 -> "(" + x + " - " + y + ")";
            case 2 -> "(" + x + " * " + y + ")";
            case 3 -> "(" + x + " / " + y + ")";
            case 4 -> "(" + x + " % " + y + ")";
            case 5 -> "(-(" + x + "))";
            case 6 -> "Math.abs(" + x + ")";
            case 7 -> "Math." + (random.nextBoolean() ? "min" : "max") + "(" + x + ", " + y + ")";
            case 8 -> "((" + t + ") " + expr(random.nextBoolean() ? "int" : "long", d) + ")";
            case 9 -> "(" + bool(d) + " ? " + x + " : " + y + ")";
            case 10 -> "Math.sqrt(" + x + ")";
            case 11 -> "Math." + pickOne("floor", "ceil", "rint", "signum", "toRadians", "toDegrees") + "(" + x + ")";
            case 12 -> "Math.IEEEremainder(" + x + ", " + y + ")";
            case 13 -> "Math.copySign(" + x + ", " + y + ")";
            case 14 -> "Math.fma(" + x + ", " + y + ", " + expr(t, d) + ")";
            case 15 -> "((double) " + expr("float", d) + ")";
            default -> "Math." + pickOne("floor", "ceil", "rint") + "(" + x + ")";
        };
    }

    private String bool(int d) {
        if (d <= 0) {
            return random.nextBoolean() ? "(a < m)" : "(d >= k)";
        }
        String t = pickOne("int", "long", "float", "double");
        return switch (random.nextInt(7)) {
            case 0 -> "(" + expr(t, d) + " " + pickOne("<", "<=", ">", ">=", "==", "!=") + " " + expr(t, d) + ")";
            case 1 -> "(" + bool(d - 1) + " && " + bool(d - 1) + ")";
            case 2 -> "(" + bool(d - 1) + " || " + bool(d - 1) + ")";
            case 3 -> "(!" + bool(d - 1) + ")";
            case 4 -> "Double." + pickOne("isNaN", "isInfinite", "isFinite") + "(" + expr("double", d) + ")";
            case 5 -> "Float." + pickOne("isNaN", "isInfinite", "isFinite") + "(" + expr("float", d) + ")";
            default -> "(" + bool(d - 1) + " ^ " + bool(d - 1) + ")";
        };
    }

    private String pickOne(String... options) {
        return options[random.nextInt(options.length)];
    }
}
