extern "C" __global__ void broken(double* __restrict__ out, int n0, int n1, int n2, int n3, int lo, int hi) {
    out[0] = undeclared_thing_42 * 2.0;
}
