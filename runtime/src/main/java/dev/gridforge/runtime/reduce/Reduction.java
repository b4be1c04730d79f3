package dev.gridforge.runtime.reduce;

/** What a reduction computes; docs/reductions.md says what each returns. */
enum Reduction {
    SUM("sum"),
    MIN("min"),
    MAX("max"),
    NON_FINITE("nonfinite");

    /** The stem of its CUDA entry points in {@code gf_reduce.cu}: {@code gf_sum_f64}. */
    final String entryStem;

    Reduction(String entryStem) {
        this.entryStem = entryStem;
    }
}
