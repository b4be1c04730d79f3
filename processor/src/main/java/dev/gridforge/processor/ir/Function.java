package dev.gridforge.processor.ir;

import java.util.List;

/**
 * A translated method body: the kernel's per-point function or a {@code @Device} helper.
 *
 * @param name       the name the printers give it (unique within one kernel's output)
 * @param sourceName the Java method it came from ({@code pkg.Class.method}), for headers and messages
 * @param returnType the type it returns; null for a kernel that returns nothing and writes {@code Out} parameters
 */
public record Function(String name, String sourceName, Type returnType, List<Parameter> parameters, Stmt.Block body) {

    public Function {
        parameters = List.copyOf(parameters);
    }

    /** A function parameter: a name and a primitive type. */
    public record Parameter(String name, Type type) {
    }

    public boolean isVoid() {
        return returnType == null;
    }

    public Function withBody(Stmt.Block newBody) {
        return new Function(name, sourceName, returnType, parameters, newBody);
    }

    public Function withParameters(List<Parameter> newParameters) {
        return new Function(name, sourceName, returnType, newParameters, body);
    }
}
