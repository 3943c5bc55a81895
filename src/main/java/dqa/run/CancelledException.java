package dqa.run;

/** Thrown by long work when its {@link CancellationToken} was cancelled; never a failure. */
public class CancelledException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public CancelledException() {
    super("cancelled");
  }
}
