package dev.gridforge.runtime.cuda;

import com.sun.jna.Library;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.LongByReference;
import com.sun.jna.ptr.PointerByReference;

/**
 * libnvrtc's C API through JNA. Every function returns an {@code nvrtcResult} (0 = success).
 * JNA binds by symbol name at call time, so one interface serves NVRTC 11.2 to 13 (JCuda's
 * binding needs the version-labelled symbols of libnvrtc.so.12 and cannot load CUDA 13's).
 *
 * <p>{@code size_t*} parameters are {@link LongByReference}: gridforge runs on 64-bit Linux only
 * (the JCuda natives it uses are linux-x86_64), where size_t is 8 bytes. An
 * {@code nvrtcProgram} is an opaque pointer.
 */
interface NvrtcLibrary extends Library {

    int NVRTC_SUCCESS = 0;

    /** {@code const char* nvrtcGetErrorString(nvrtcResult)}: a static string, never freed. */
    String nvrtcGetErrorString(int result);

    int nvrtcVersion(IntByReference major, IntByReference minor);

    /** Since 11.2. */
    int nvrtcGetNumSupportedArchs(IntByReference numArchs);

    /** Since 11.2; fills e.g. {75, 80, 86, 87, 89, 90, ...}. */
    int nvrtcGetSupportedArchs(int[] supportedArchs);

    int nvrtcCreateProgram(PointerByReference prog, String src, String name,
                           int numHeaders, String[] headers, String[] includeNames);

    /** Takes {@code nvrtcProgram*}: pass the reference {@link #nvrtcCreateProgram} filled. */
    int nvrtcDestroyProgram(PointerByReference prog);

    int nvrtcCompileProgram(Pointer prog, int numOptions, String[] options);

    int nvrtcGetProgramLogSize(Pointer prog, LongByReference logSizeRet);

    int nvrtcGetProgramLog(Pointer prog, byte[] log);

    int nvrtcGetPTXSize(Pointer prog, LongByReference ptxSizeRet);

    int nvrtcGetPTX(Pointer prog, byte[] ptx);

    /** Since 11.1; fails for a virtual ({@code compute_XY}) architecture. */
    int nvrtcGetCUBINSize(Pointer prog, LongByReference cubinSizeRet);

    int nvrtcGetCUBIN(Pointer prog, byte[] cubin);
}
