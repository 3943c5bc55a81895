package dqa.run;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.LibUtils;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import java.nio.file.Path;
import java.util.function.Supplier;

/**
 * The PyTorch engine: every engine use of the product goes through {@link #get()}, and checks that
 * no kernel reads memory it did not write go through {@link #withJunkFilledMemory}.
 *
 * <p><b>Why such a check.</b> libtorch 2.7.1 runs convolutions through oneDNN in blocked layouts that
 * pad channels to a multiple of 8 or 16, and its kernels read the padded lanes, which nobody writes.
 * PyTorch's CPU allocator ({@code c10/core/impl/alloc_cpu.cpp}, {@code alloc_cpu}) does not clear
 * memory, and in a JVM that memory is often a just-freed direct buffer of image bytes, where four
 * 255-pixels in a row are a NaN: whole output channels of LeNet's conv2 (20 channels, padded to 32)
 * came back NaN whenever a collection had freed such buffers, and {@code eval} of one model gave
 * anything from 31 to 99 % on the same images. {@code dqa.nn.ChannelAlignedConv2d} keeps the
 * product's convolutions off padded channels (which oneDNN also computed wrongly). Clearing every
 * allocation ({@code FLAGS_caffe2_cpu_allocator_do_zero_fill}) would hide such reads at a cost (FGSM
 * steps took 4× as long); instead the allocator's junk fill ({@code
 * FLAGS_caffe2_cpu_allocator_do_junk_fill}: every allocation filled with a NaN pattern) turns any
 * such read into NaNs, so a check that computes the same thing with and without it proves there is
 * none. {@code selftest} runs that check on each installation, {@code DeterminismUnderGcTest} in the
 * build.
 */
public final class TorchEngine {
  public static final String NAME = "PyTorch";
  static final String ZERO_FILL_FLAG = "FLAGS_caffe2_cpu_allocator_do_zero_fill";
  static final String JUNK_FILL_FLAG = "FLAGS_caffe2_cpu_allocator_do_junk_fill";

  private static volatile Engine engine;

  private TorchEngine() {}

  /** The PyTorch engine, loaded on first use. */
  public static Engine get() {
    Engine e = engine;
    if (e == null) {
      synchronized (TorchEngine.class) {
        e = engine;
        if (e == null) {
          e = Engine.getEngine(NAME);
          engine = e;
        }
      }
    }
    return e;
  }

  /**
   * Runs {@code work} (on the engine thread) with every CPU allocation of libtorch filled with a NaN
   * pattern, then restores the allocator: a kernel that reads memory it did not write then yields NaN
   * instead of whatever the memory held. Slow; for checks only.
   *
   * @throws IllegalStateException when this libtorch has no such switch (then no check is possible)
   */
  public static <T> T withJunkFilledMemory(Supplier<T> work) {
    get();
    Pointer junk;
    Pointer zero;
    try {
      NativeLibrary c10 =
          NativeLibrary.getInstance(Path.of(LibUtils.getLibtorchPath()).resolve(System.mapLibraryName("c10")).toString());
      junk = c10.getGlobalVariableAddress(JUNK_FILL_FLAG);
      zero = c10.getGlobalVariableAddress(ZERO_FILL_FLAG);
    } catch (UnsatisfiedLinkError | RuntimeException e) {
      throw new IllegalStateException("libtorch's allocator has no junk-fill switch (" + e.getMessage() + ")", e);
    }
    byte zeroBefore = zero.getByte(0);
    // The allocator aborts the process when both fills are requested.
    zero.setByte(0, (byte) 0);
    junk.setByte(0, (byte) 1);
    try {
      return work.get();
    } finally {
      junk.setByte(0, (byte) 0);
      zero.setByte(0, zeroBefore);
    }
  }
}
