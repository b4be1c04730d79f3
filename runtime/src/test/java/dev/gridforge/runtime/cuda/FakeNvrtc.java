package dev.gridforge.runtime.cuda;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.LongByReference;
import com.sun.jna.ptr.PointerByReference;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** NVRTC in Java, to test the compile flow (log, failure, cleanup) without libnvrtc. */
class FakeNvrtc implements NvrtcLibrary {

    int major = 13;
    int minor = 0;
    int[] archs = {75, 80, 86, 87, 89, 90, 100, 120};
    /** Result of nvrtcCompileProgram; 6 is NVRTC_ERROR_COMPILATION. */
    int compileResult = NVRTC_SUCCESS;
    String log = "";
    byte[] cubin = {0x7f, 'E', 'L', 'F', 1, 2, 3};
    String ptx = ".version 9.0\n.target sm_90\n";

    int created;
    int destroyed;
    List<String> lastOptions = new ArrayList<>();
    String lastSource;
    String lastName;

    @Override
    public String nvrtcGetErrorString(int result) {
        return result == 6 ? "NVRTC_ERROR_COMPILATION" : "NVRTC_ERROR_" + result;
    }

    @Override
    public int nvrtcVersion(IntByReference major, IntByReference minor) {
        major.setValue(this.major);
        minor.setValue(this.minor);
        return NVRTC_SUCCESS;
    }

    @Override
    public int nvrtcGetNumSupportedArchs(IntByReference numArchs) {
        numArchs.setValue(archs.length);
        return NVRTC_SUCCESS;
    }

    @Override
    public int nvrtcGetSupportedArchs(int[] supportedArchs) {
        System.arraycopy(archs, 0, supportedArchs, 0, archs.length);
        return NVRTC_SUCCESS;
    }

    @Override
    public int nvrtcCreateProgram(PointerByReference prog, String src, String name, int numHeaders,
                                  String[] headers, String[] includeNames) {
        created++;
        lastSource = src;
        lastName = name;
        prog.setValue(new Memory(8));
        return NVRTC_SUCCESS;
    }

    @Override
    public int nvrtcDestroyProgram(PointerByReference prog) {
        destroyed++;
        return NVRTC_SUCCESS;
    }

    @Override
    public int nvrtcCompileProgram(Pointer prog, int numOptions, String[] options) {
        lastOptions = List.of(options);
        return compileResult;
    }

    @Override
    public int nvrtcGetProgramLogSize(Pointer prog, LongByReference logSizeRet) {
        logSizeRet.setValue(log.getBytes(StandardCharsets.UTF_8).length + 1L);
        return NVRTC_SUCCESS;
    }

    @Override
    public int nvrtcGetProgramLog(Pointer prog, byte[] out) {
        byte[] bytes = log.getBytes(StandardCharsets.UTF_8);
        System.arraycopy(bytes, 0, out, 0, bytes.length);
        out[bytes.length] = 0;
        return NVRTC_SUCCESS;
    }

    @Override
    public int nvrtcGetPTXSize(Pointer prog, LongByReference ptxSizeRet) {
        ptxSizeRet.setValue(ptx.length() + 1L);
        return NVRTC_SUCCESS;
    }

    @Override
    public int nvrtcGetPTX(Pointer prog, byte[] out) {
        byte[] bytes = ptx.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(bytes, 0, out, 0, bytes.length);
        out[bytes.length] = 0;
        return NVRTC_SUCCESS;
    }

    @Override
    public int nvrtcGetCUBINSize(Pointer prog, LongByReference cubinSizeRet) {
        cubinSizeRet.setValue(cubin.length);
        return NVRTC_SUCCESS;
    }

    @Override
    public int nvrtcGetCUBIN(Pointer prog, byte[] out) {
        System.arraycopy(cubin, 0, out, 0, cubin.length);
        return NVRTC_SUCCESS;
    }
}
