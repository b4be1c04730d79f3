# Seed 000's wave scheme, its functions as the user wrote them (numpy, no plotting), run for
# a given grid, number of updates and Courant number. Saves the last field, or prints where it
# first stopped being finite: "diverged <step> <x> <y>".
import sys
import warnings
import numpy as np

def I(X, Y):
    d = (X - 0.5)**2 + (Y - 0.5)**2
    inner = (d < 0.01)
    return 0 * X * (1 - inner) + (0 * X + 1) * inner

def laplace(u):
    u_pad = np.pad(u, (1, 1), mode='edge')
    u = u_pad[2:, 1:-1] + u_pad[1:-1, 2:] + u_pad[:-2, 1:-1] + u_pad[1:-1, :-2] - 4 * u
    u[:, 0] = u[0, :] = u[:, -1] = u[-1, :] = 0
    return u

def initial_step(u, C):
    return u - laplace(u) * C**2 / 2

def step(u, u_prev, C):
    return -u_prev + 2 * u + laplace(u) * C**2

n, steps, C, out = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3]), sys.argv[4]
warnings.simplefilter('ignore')
x = np.linspace(0, 1, n)
X, Y = np.meshgrid(x, x)
U, U_prev = I(X, Y), None
for t in range(steps):
    U, U_prev = (initial_step(U, C) if t == 0 else step(U, U_prev, C)), U
    bad = np.flatnonzero(~np.isfinite(U))
    if bad.size:
        y, xx = divmod(int(bad[0]), n)
        print("diverged", t + 1, xx, y)
        sys.exit(0)
np.save(out, U)
print("finite")
