package dev.gridforge.processor.ir;

/** Binary operators with their Java/C spelling and precedence (higher binds tighter). */
public enum BinaryOp {
    MUL("*", 12, Kind.ARITHMETIC), DIV("/", 12, Kind.ARITHMETIC), REM("%", 12, Kind.ARITHMETIC),
    ADD("+", 11, Kind.ARITHMETIC), SUB("-", 11, Kind.ARITHMETIC),
    SHL("<<", 10, Kind.SHIFT), SHR(">>", 10, Kind.SHIFT), USHR(">>>", 10, Kind.SHIFT),
    LT("<", 9, Kind.COMPARISON), LE("<=", 9, Kind.COMPARISON), GT(">", 9, Kind.COMPARISON), GE(">=", 9, Kind.COMPARISON),
    EQ("==", 8, Kind.EQUALITY), NE("!=", 8, Kind.EQUALITY),
    AND("&", 7, Kind.BITWISE), XOR("^", 6, Kind.BITWISE), OR("|", 5, Kind.BITWISE),
    COND_AND("&&", 4, Kind.LOGICAL), COND_OR("||", 3, Kind.LOGICAL);

    /** What an operator does with its operand types. */
    public enum Kind { ARITHMETIC, SHIFT, COMPARISON, EQUALITY, BITWISE, LOGICAL }

    private final String symbol;
    private final int precedence;
    private final Kind kind;

    BinaryOp(String symbol, int precedence, Kind kind) {
        this.symbol = symbol;
        this.precedence = precedence;
        this.kind = kind;
    }

    public String symbol() {
        return symbol;
    }

    public int precedence() {
        return precedence;
    }

    public Kind kind() {
        return kind;
    }
}
