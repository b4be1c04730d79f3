package dev.gridforge.runtime.io;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * The Python literals a {@code .npy} header is made of, parsed as {@code ast.literal_eval} (which
 * np.load uses) reads them: strings, integers, floats, {@code True}, {@code False}, {@code None},
 * tuples, lists and dictionaries. Reading the header as Python does, rather than searching it
 * for patterns, is what makes a value of the wrong kind an error about that value, and a key
 * given twice hold its last value, as in NumPy.
 */
final class PythonLiteral {

    /** What a value is, in the words an error message uses. */
    enum Kind {
        STRING("string"), INTEGER("integer"), FLOAT("number"), BOOLEAN("boolean"), NONE("None"),
        TUPLE("tuple"), LIST("list"), DICT("dictionary");

        final String noun;

        Kind(String noun) {
            this.noun = noun;
        }
    }

    /**
     * One value and the text it was read from (kept for messages: they quote what the header says).
     *
     * @param value a {@code String}, {@code BigInteger}, {@code Double}, {@code Boolean}, null, a
     *              {@code List<Value>} (tuple, list), or a {@code List<Value[]>} of key-value pairs
     *              in the order written (dictionary)
     */
    record Value(Kind kind, Object value, String text) {
        @SuppressWarnings("unchecked")
        List<Value> items() {
            return (List<Value>) value;
        }

        @SuppressWarnings("unchecked")
        List<Value[]> pairs() {
            return (List<Value[]>) value;
        }
    }

    /** Text that is not a Python literal; {@code position} counts characters from 0. */
    static final class SyntaxError extends Exception {
        private static final long serialVersionUID = 1L;
        final int position;

        SyntaxError(String problem, int position) {
            super(problem);
            this.position = position;
        }
    }

    private final String text;
    private final boolean longSuffix;
    private int at;

    private PythonLiteral(String text, boolean longSuffix) {
        this.text = text;
        this.longSuffix = longSuffix;
    }

    /**
     * Parses one value filling {@code text}, with whitespace around it.
     *
     * @param longSuffix whether Python 2's {@code 3L} is read as 3 (np.load reads it in format
     *                   1.0 and 2.0 headers, which Python 2 may have written)
     */
    static Value parse(String text, boolean longSuffix) throws SyntaxError {
        PythonLiteral p = new PythonLiteral(text, longSuffix);
        Value v = p.value();
        p.skipSpace();
        if (p.at < text.length()) {
            throw new SyntaxError("'" + text.charAt(p.at) + "' after the end of the value", p.at);
        }
        return v;
    }

    private Value value() throws SyntaxError {
        skipSpace();
        if (at >= text.length()) {
            throw new SyntaxError("the text ends where a value was expected", at);
        }
        int start = at;
        char c = text.charAt(at);
        switch (c) {
            case '{':
                return dict(start);
            case '[':
                at++;
                return new Value(Kind.LIST, sequence(']'), text.substring(start, at));
            case '(':
                return parenthesised(start);
            case '\'':
            case '"':
                return string(start, at);
            default:
                break;
        }
        if ((c == 'u' || c == 'U') && at + 1 < text.length() && (text.charAt(at + 1) == '\'' || text.charAt(at + 1) == '"')) {
            return string(start, at + 1);
        }
        if (c == '-' || c == '+' || Character.isDigit(c) || c == '.') {
            return number(start);
        }
        if (Character.isLetter(c) || c == '_') {
            while (at < text.length() && (Character.isLetterOrDigit(text.charAt(at)) || text.charAt(at) == '_')) {
                at++;
            }
            String name = text.substring(start, at);
            switch (name) {
                case "True": return new Value(Kind.BOOLEAN, Boolean.TRUE, name);
                case "False": return new Value(Kind.BOOLEAN, Boolean.FALSE, name);
                case "None": return new Value(Kind.NONE, null, name);
                default:
                    throw new SyntaxError(name + " is a name, not a value (strings, numbers, True, False, None, tuples,"
                            + " lists and dictionaries are)", start);
            }
        }
        throw new SyntaxError("'" + c + "' where a value was expected", at);
    }

    private Value dict(int start) throws SyntaxError {
        at++;
        List<Value[]> pairs = new ArrayList<>();
        while (true) {
            skipSpace();
            if (peek() == '}') {
                at++;
                return new Value(Kind.DICT, pairs, text.substring(start, at));
            }
            Value key = value();
            skipSpace();
            expect(':');
            Value v = value();
            pairs.add(new Value[] {key, v});
            skipSpace();
            if (peek() == ',') {
                at++;
            } else if (peek() != '}') {
                throw new SyntaxError("',' or '}' expected", at);
            }
        }
    }

    /** {@code ()} and {@code (a,)} are tuples; {@code (a)} is {@code a} itself, as in Python. */
    private Value parenthesised(int start) throws SyntaxError {
        at++;
        skipSpace();
        if (peek() == ')') {
            at++;
            return new Value(Kind.TUPLE, List.of(), text.substring(start, at));
        }
        Value first = value();
        skipSpace();
        if (peek() == ')') {
            at++;
            return new Value(first.kind(), first.value(), text.substring(start, at));
        }
        expect(',');
        List<Value> items = new ArrayList<>();
        items.add(first);
        items.addAll(sequence(')'));
        return new Value(Kind.TUPLE, items, text.substring(start, at));
    }

    /** Values separated by commas, a trailing one allowed, up to {@code close}, which is consumed. */
    private List<Value> sequence(char close) throws SyntaxError {
        List<Value> items = new ArrayList<>();
        while (true) {
            skipSpace();
            if (peek() == close) {
                at++;
                return items;
            }
            if (peek() == ')' || peek() == ']' || peek() == '}') {
                throw new SyntaxError("'" + close + "' expected", at);
            }
            items.add(value());
            skipSpace();
            if (peek() == ',') {
                at++;
            } else if (peek() != close) {
                throw new SyntaxError("'" + close + "' expected", at);
            }
        }
    }

    private Value string(int start, int quoteAt) throws SyntaxError {
        char quote = text.charAt(quoteAt);
        at = quoteAt + 1;
        StringBuilder s = new StringBuilder();
        while (true) {
            if (at >= text.length() || text.charAt(at) == '\n') {
                throw new SyntaxError("the string opened at character " + quoteAt + " is not closed", at);
            }
            char c = text.charAt(at++);
            if (c == quote) {
                return new Value(Kind.STRING, s.toString(), text.substring(start, at));
            }
            if (c == '\\' && at < text.length()) {
                char e = text.charAt(at++);
                switch (e) {
                    case 'n': s.append('\n'); break;
                    case 't': s.append('\t'); break;
                    case 'r': s.append('\r'); break;
                    case '0': s.append('\0'); break;
                    case '\\': case '\'': case '"': s.append(e); break;
                    default: s.append('\\').append(e); break; // Python keeps an unknown escape as written
                }
            } else {
                s.append(c);
            }
        }
    }

    private Value number(int start) throws SyntaxError {
        if (peek() == '-' || peek() == '+') {
            at++;
            skipSpace();
        }
        int digits = at;
        boolean isFloat = false;
        while (at < text.length()) {
            char c = text.charAt(at);
            if (Character.isDigit(c) || c == '_') {
                at++;
            } else if (c == '.' || c == 'e' || c == 'E') {
                isFloat = true;
                at++;
                if ((c == 'e' || c == 'E') && (peek() == '-' || peek() == '+')) {
                    at++;
                }
            } else {
                break;
            }
        }
        String body = text.substring(digits, at).replace("_", "");
        if (body.isEmpty() || !Character.isDigit(body.charAt(0)) && !(body.length() > 1 && body.charAt(0) == '.')) {
            throw new SyntaxError("a number expected", digits);
        }
        boolean negative = text.charAt(start) == '-';
        if (!isFloat && (peek() == 'L' || peek() == 'l')) {
            if (!longSuffix) {
                throw new SyntaxError("Python 2's long integer " + text.substring(start, at + 1) + " is read in .npy 1.0 and"
                        + " 2.0 headers only", at);
            }
            at++;
        }
        if (at < text.length() && (Character.isLetterOrDigit(text.charAt(at)))) {
            throw new SyntaxError("'" + text.charAt(at) + "' inside the number " + text.substring(start, at + 1), at);
        }
        String written = text.substring(start, at);
        try {
            if (isFloat) {
                double d = Double.parseDouble(body);
                return new Value(Kind.FLOAT, negative ? -d : d, written);
            }
            BigInteger n = new BigInteger(body);
            return new Value(Kind.INTEGER, negative ? n.negate() : n, written);
        } catch (NumberFormatException e) {
            throw new SyntaxError(written + " is not a number", start);
        }
    }

    private void expect(char c) throws SyntaxError {
        if (peek() != c) {
            throw new SyntaxError("'" + c + "' expected", at);
        }
        at++;
    }

    /** The next character, or 0 at the end. */
    private char peek() {
        return at < text.length() ? text.charAt(at) : 0;
    }

    private void skipSpace() {
        while (at < text.length() && (text.charAt(at) == ' ' || text.charAt(at) == '\t' || text.charAt(at) == '\n'
                || text.charAt(at) == '\r' || text.charAt(at) == '\f')) {
            at++;
        }
    }
}
