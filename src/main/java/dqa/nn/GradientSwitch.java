package dqa.nn;

import java.util.Objects;

/**
 * The backward rule that every quantizer of one network uses right now.
 *
 * <p>One switch is shared by all {@link QuantizedActivation}s of a network, so training can use
 * {@code ste} and an attack can switch the same weights to {@code exact} or {@code surrogate:τ}. It
 * is only read and written on the engine thread.
 */
public final class GradientSwitch {
  private volatile GradientMode mode;

  public GradientSwitch(GradientMode initial) {
    this.mode = Objects.requireNonNull(initial);
  }

  public GradientMode mode() {
    return mode;
  }

  /** Sets the mode until the returned scope is closed, then restores the previous one. */
  public Scope use(GradientMode newMode) {
    GradientMode previous = mode;
    mode = Objects.requireNonNull(newMode);
    return () -> mode = previous;
  }

  /** Restores the previous mode on close. */
  @FunctionalInterface
  public interface Scope extends AutoCloseable {
    @Override
    void close();
  }
}
