package dev.gridforge.runtime.io;

import dev.gridforge.runtime.ElementType;
import dev.gridforge.runtime.GridforgeException;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a {@code .npy} header's dictionary says: the element type and the NumPy shape. It is
 * read as np.load reads it (the dictionary is a Python literal, read with ast.literal_eval): a key
 * given twice holds its last value, the keys must be exactly {@code 'descr'}, {@code
 * 'fortran_order'} and {@code 'shape'}, and a value of the wrong kind is refused naming what the
 * header says and what is accepted.
 */
final class NpyHeader {

    private static final List<String> KEYS = List.of("descr", "fortran_order", "shape");
    private static final String EXAMPLE = "{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), }";

    /** The element type and the NumPy shape, slowest axis first. */
    record Parsed(ElementType type, int[] shape) {
    }

    private NpyHeader() {
    }

    /**
     * @param dict  the header's text after the length field, its padding and newline included
     * @param major the format's major version (Python 2's {@code 3L} is read in 1 and 2 only, as by np.load)
     * @param name  the file, for messages
     */
    static Parsed parse(String dict, int major, String name) {
        Map<String, PythonLiteral.Value> entries = entries(dict, major, name);
        ElementType type = descr(entries.get("descr"), name);
        PythonLiteral.Value fortran = entries.get("fortran_order");
        if (fortran.kind() != PythonLiteral.Kind.BOOLEAN) {
            throw bad(name, "'fortran_order' is " + fortran.text() + ", not True or False (np.load refuses it too:"
                    + " \"fortran_order is not a valid bool\"); a C-order array's header says 'fortran_order': False");
        }
        if ((Boolean) fortran.value()) {
            throw bad(name, "the array is in Fortran order; save it with numpy.ascontiguousarray(a) first");
        }
        return new Parsed(type, shape(entries.get("shape"), name));
    }

    /** The dictionary's entries by key, the last value of a key given twice; exactly the three keys. */
    private static Map<String, PythonLiteral.Value> entries(String dict, int major, String name) {
        PythonLiteral.Value header;
        try {
            header = PythonLiteral.parse(dict, major < 3);
        } catch (PythonLiteral.SyntaxError e) {
            throw bad(name, "the header is not the Python dictionary np.save writes: " + e.getMessage() + " at character "
                    + (e.position + 1) + " of " + dict.strip() + " (np.save writes " + EXAMPLE + ")");
        }
        if (header.kind() != PythonLiteral.Kind.DICT) {
            throw bad(name, "the header is the " + header.kind().noun + " " + header.text().strip() + ", not a dictionary"
                    + " (np.save writes " + EXAMPLE + ")");
        }
        Map<String, PythonLiteral.Value> entries = new LinkedHashMap<>();
        for (PythonLiteral.Value[] pair : header.pairs()) {
            PythonLiteral.Value key = pair[0];
            if (key.kind() != PythonLiteral.Kind.STRING || !KEYS.contains((String) key.value())) {
                throw bad(name, "the header has an entry " + key.text() + " besides 'descr', 'fortran_order' and 'shape',"
                        + " which np.load refuses too: " + dict.strip());
            }
            entries.put((String) key.value(), pair[1]); // a key given twice: the last value, as in a Python dict
        }
        for (String key : KEYS) {
            if (!entries.containsKey(key)) {
                throw bad(name, "the header has no '" + key + "' entry (it has " + keyList(entries) + "); np.save writes "
                        + EXAMPLE);
            }
        }
        return entries;
    }

    private static String keyList(Map<String, PythonLiteral.Value> entries) {
        if (entries.isEmpty()) {
            return "none";
        }
        StringBuilder s = new StringBuilder();
        for (String key : entries.keySet()) {
            s.append(s.length() == 0 ? "" : ", ").append('\'').append(key).append('\'');
        }
        return s.toString();
    }

    private static ElementType descr(PythonLiteral.Value descr, String name) {
        if (descr.kind() == PythonLiteral.Kind.LIST) {
            throw bad(name, "unsupported structured dtype (a record of named fields); save each field as"
                    + " its own array, np.save(path, np.ascontiguousarray(a['x']))");
        }
        if (descr.kind() != PythonLiteral.Kind.STRING) {
            throw bad(name, "'descr' is " + descr.text() + ", not a dtype string such as '<f8'");
        }
        String s = (String) descr.value();
        for (ElementType t : ElementType.values()) {
            if (Npy.descr(t).equals(s)) {
                return t;
            }
        }
        throw bad(name, "unsupported dtype '" + s + "'; gridforge reads <f8, <f4, <i4 and <i8: " + conversion(s));
    }

    /** How to turn an unsupported dtype into one gridforge reads: the nearest of the four, same precision or more. */
    static String conversion(String descr) {
        int size;
        try {
            size = Integer.parseInt(descr.substring(Math.min(2, descr.length())));
        } catch (NumberFormatException e) {
            size = -1;
        }
        char kind = descr.length() < 2 ? '?' : descr.charAt(1);
        String to;
        if (size > 0 && kind == 'f') {
            to = size <= 4 ? "<f4" : "<f8";
        } else if (size > 0 && (kind == 'i' || kind == 'u' || kind == 'b')) {
            to = size <= 2 || (kind != 'u' && size == 4) ? "<i4" : "<i8";
        } else if (size > 0 && kind == 'c') {
            return "complex numbers are not supported; save a.real and a.imag as two arrays";
        } else {
            return "object, string, byte and date arrays have no numeric equivalent";
        }
        return "convert it in NumPy with np.save(path, a.astype('" + to + "'))";
    }

    private static int[] shape(PythonLiteral.Value shape, String name) {
        if (shape.kind() == PythonLiteral.Kind.INTEGER) {
            throw bad(name, "'shape' is " + shape.text() + ", the number " + shape.value() + ", not a tuple: a shape of one"
                    + " axis is written (" + shape.value() + ",)");
        }
        if (shape.kind() != PythonLiteral.Kind.TUPLE) {
            throw bad(name, "'shape' is " + shape.text() + ", not a tuple of extents such as (2, 3) or (6,)");
        }
        List<PythonLiteral.Value> items = shape.items();
        int[] extents = new int[items.size()];
        for (int i = 0; i < extents.length; i++) {
            PythonLiteral.Value n = items.get(i);
            if (n.kind() != PythonLiteral.Kind.INTEGER || ((BigInteger) n.value()).signum() < 0) {
                throw bad(name, "'shape' is " + shape.text() + ": extent " + n.text() + " is not a non-negative integer");
            }
            BigInteger extent = (BigInteger) n.value();
            if (extent.bitLength() > 31) {
                throw bad(name, "'shape' is " + shape.text() + ": extent " + n.text() + " is more elements than a Java array"
                        + " can hold");
            }
            extents[i] = extent.intValue();
        }
        return extents;
    }

    private static GridforgeException bad(String name, String problem) {
        return new GridforgeException("[Npy] " + name + ": " + problem);
    }
}
