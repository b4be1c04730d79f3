package dev.gridforge.processor.jvm;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.TypeName;
import dev.gridforge.processor.ir.Type;

/** The runtime types generated launchers use (docs/internal/launcher-contract.md), and how kernel types map to them. */
final class RuntimeApi {
    private static final String RT = "dev.gridforge.runtime";
    static final ClassName BACKEND = ClassName.get(RT, "Backend");
    static final ClassName ELEMENT_TYPE = ClassName.get(RT, "ElementType");
    static final ClassName SHAPE = ClassName.get(RT, "Shape");
    static final ClassName MESH = ClassName.get(RT, "Mesh");
    static final ClassName FIELD = ClassName.get(RT, "Field");
    static final ClassName KERNEL_INFO = ClassName.get(RT + ".launch", "KernelInfo");
    static final ClassName SIGNATURE = ClassName.get(RT + ".launch", "KernelSignature");
    static final ClassName SLOT = SIGNATURE.nestedClass("Slot");
    static final ClassName LAUNCH = ClassName.get(RT + ".launch", "Launch");
    static final ClassName JVM_LOOPS = ClassName.get(RT + ".launch", "JvmLoops");
    static final ClassName KERNEL_SOURCES = ClassName.get(RT + ".launch", "KernelSources");
    static final ClassName KERNEL_LOADER = ClassName.get(RT + ".launch", "KernelLoader");
    static final ClassName LAUNCH_INTERFACE = ClassName.get("dev.gridforge.abi", "LaunchInterface");
    static final ClassName GENERATED = ClassName.get("javax.annotation.processing", "Generated");

    private RuntimeApi() {
    }

    static TypeName primitive(Type t) {
        return switch (t) {
            case BOOLEAN -> TypeName.BOOLEAN;
            case INT -> TypeName.INT;
            case LONG -> TypeName.LONG;
            case FLOAT -> TypeName.FLOAT;
            case DOUBLE -> TypeName.DOUBLE;
        };
    }

    /** The field class holding elements of {@code t}: {@code DoubleField}, ... */
    static ClassName fieldType(Type t) {
        return ClassName.get(RT, switch (t) {
            case INT -> "IntField";
            case LONG -> "LongField";
            case FLOAT -> "FloatField";
            case DOUBLE -> "DoubleField";
            case BOOLEAN -> throw new IllegalArgumentException("no boolean fields");
        });
    }

    /** The view class of an array parameter: {@code Array1} to {@code Array4}, with {@code f} or {@code i} for float and int. */
    static ClassName arrayType(Type t, int rank) {
        String suffix = switch (t) {
            case DOUBLE -> "";
            case FLOAT -> "f";
            case INT -> "i";
            default -> throw new IllegalArgumentException("no " + t + " array views");
        };
        return ClassName.get("dev.gridforge", "Array" + rank + suffix);
    }

    /** The runtime's {@code ElementType} constant for values of {@code t}; booleans travel as int. */
    static String elementType(Type t) {
        return t == Type.BOOLEAN ? "INT" : t.name();
    }
}
