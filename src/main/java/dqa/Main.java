package dqa;

import dqa.cli.Cli;

/**
 * Entry point: with no arguments opens the workbench window, otherwise runs the command line
 * (which never touches JavaFX, so {@code --selftest} and every command run without a display).
 *
 * <p>This class must not extend {@code Application}: with JavaFX on the class path the launcher
 * would otherwise refuse to start ("JavaFX runtime components are missing").
 */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    if (args.length == 0) {
      dqa.app.WorkbenchApp.launchWindow(args);
    } else {
      System.exit(Cli.run(args));
    }
  }
}
