package dqa.run;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.LibUtils;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import java.nio.file.Path;

/**
 * The PyTorch engine, made safe to compute with before anyone gets it: every engine use of the
 * product goes through {@link #get()}.
 *
 * <p><b>Why libtorch's allocator must zero-fill.</b> libtorch 2.7.1 runs convolutions through oneDNN
 * in blocked layouts that pad channels to a multiple of 8 or 16; kernels read the padded lanes, which
 * nobody writes, so they hold whatever the freshly allocated memory held before. PyTorch's CPU
 * allocator ({@code c10/core/impl/alloc_cpu.cpp}, {@code alloc_cpu}) clears memory only when {@code
 * FLAGS_caffe2_cpu_allocator_do_zero_fill} is set. In a JVM that memory is often a just-freed direct
 * buffer of image bytes, where four 255-pixels in a row are a NaN: whole output channels of LeNet's
 * conv2 came back NaN whenever a collection had freed such buffers, and {@code eval} of one model gave
 * anything from 20 to 99 % on the same images. {@code ChannelAlignedConv2d} now keeps the product's
 * own convolutions off padded channels (they were also computed wrongly); the flag stays so that any
 * other kernel that reads padding reads zeros, never stale memory. Its cost is one memset per
 * allocation. This works around a fault in libtorch/oneDNN, here in one place; {@link
 * #zeroFillActive()} tells whether it is in force, and {@code selftest} names it when it is not.
 */
public final class TorchEngine {
  public static final String NAME = "PyTorch";
  static final String ZERO_FILL_FLAG = "FLAGS_caffe2_cpu_allocator_do_zero_fill";
  static final String JUNK_FILL_FLAG = "FLAGS_caffe2_cpu_allocator_do_junk_fill";

  private static volatile Engine engine;
  private static volatile String zeroFillProblem;

  private TorchEngine() {}

  /** The PyTorch engine, loaded on first use with its CPU allocator set to zero-fill. */
  public static Engine get() {
    Engine e = engine;
    if (e == null) {
      synchronized (TorchEngine.class) {
        e = engine;
        if (e == null) {
          e = Engine.getEngine(NAME);
          zeroFillProblem = enableZeroFill();
          engine = e;
        }
      }
    }
    return e;
  }

  /** Whether libtorch clears every CPU allocation (the guard above); loads the engine if needed. */
  public static boolean zeroFillActive() {
    get();
    return zeroFillProblem == null && readFlag(ZERO_FILL_FLAG);
  }

  /** Why the zero-fill guard could not be set, or null when it is set. */
  public static String zeroFillProblem() {
    get();
    return zeroFillProblem;
  }

  private static String enableZeroFill() {
    try {
      Pointer flag = c10().getGlobalVariableAddress(ZERO_FILL_FLAG);
      // The allocator refuses (aborts the process) when both fills are requested.
      c10().getGlobalVariableAddress(JUNK_FILL_FLAG).setByte(0, (byte) 0);
      flag.setByte(0, (byte) 1);
      return null;
    } catch (UnsatisfiedLinkError | RuntimeException e) {
      String problem = "libtorch's zero-fill switch is unavailable (" + e.getMessage() + ")";
      org.slf4j.LoggerFactory.getLogger(TorchEngine.class)
          .warn("{}: convolutions may read uninitialised memory and give different answers run to run", problem);
      return problem;
    }
  }

  private static boolean readFlag(String name) {
    try {
      return c10().getGlobalVariableAddress(name).getByte(0) != 0;
    } catch (UnsatisfiedLinkError | RuntimeException e) {
      return false;
    }
  }

  /** libc10 of the libtorch DJL loaded (already in the process; JNA only looks its symbols up). */
  private static NativeLibrary c10() {
    return NativeLibrary.getInstance(Path.of(LibUtils.getLibtorchPath()).resolve(System.mapLibraryName("c10")).toString());
  }
}
