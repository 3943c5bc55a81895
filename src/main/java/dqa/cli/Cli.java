package dqa.cli;

import dqa.run.CancelledException;
import dqa.run.UserException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The command line: the same engine as the window, for scripts, CI and benchmarks.
 *
 * <p>Exit codes: 0 success; 2 bad usage or bad input (one line on stderr naming the field or file);
 * 1 internal error; 130 cancelled (Ctrl-C).
 */
@Command(
    name = "dqa-workbench",
    mixinStandardHelpOptions = true,
    versionProvider = Cli.Version.class,
    description = "Do quantized activations defend a network against adversarial examples? Train, attack, compare.",
    footer = "%n--selftest [OPTIONS] is the same as the selftest command (checks an installation, headless).",
    subcommands = {
      DatasetsCommand.class,
      FetchCommand.class,
      TrainCommand.class,
      EvalCommand.class,
      ShipCommand.class,
      ReproduceCommand.class,
      AttackCommand.class,
      SweepCommand.class,
      TransferCommand.class,
      ReportCommand.class,
      BenchCommand.class,
      ExportCommand.class,
      SelftestCommand.class,
      CommandLine.HelpCommand.class
    })
public final class Cli implements Runnable {
  public static final int EXIT_BAD_INPUT = 2;
  public static final int EXIT_INTERNAL = 1;
  public static final int EXIT_CANCELLED = 130;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "name a command (see --help)");
  }

  /** Runs the command line and returns its exit code. */
  public static int run(String... args) {
    return newCommandLine().execute(route(args));
  }

  /** Turns a leading {@code --selftest} flag (what installers and CI call) into the {@code selftest} command. */
  static String[] route(String... args) {
    if (args.length > 0 && "--selftest".equals(args[0])) {
      String[] routed = args.clone();
      routed[0] = "selftest";
      return routed;
    }
    return args;
  }

  static CommandLine newCommandLine() {
    CommandLine cl = new CommandLine(new Cli());
    cl.setExecutionExceptionHandler(
        (e, commandLine, parseResult) -> {
          PrintWriter err = commandLine.getErr();
          Throwable cause = unwrap(e);
          if (cause instanceof UserException || cause instanceof IllegalArgumentException) {
            err.println("error: " + oneLine(cause.getMessage()));
            return EXIT_BAD_INPUT;
          }
          if (cause instanceof CancelledException) {
            err.println("cancelled");
            return EXIT_CANCELLED;
          }
          if (cause instanceof UncheckedIOException io) {
            err.println("error: " + oneLine(io.getMessage()));
            return EXIT_INTERNAL;
          }
          err.println("internal error: " + cause + " (run with DQA_DEBUG=1 for the stack trace)");
          if (System.getenv("DQA_DEBUG") != null) {
            cause.printStackTrace(err);
          }
          return EXIT_INTERNAL;
        });
    return cl;
  }

  private static Throwable unwrap(Throwable e) {
    Throwable t = e;
    while ((t instanceof java.util.concurrent.ExecutionException
            || t instanceof java.util.concurrent.CompletionException)
        && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  private static String oneLine(String message) {
    return message == null ? "" : message.replace('\n', ' ').trim();
  }

  /** Version from the jar manifest. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Cli.class.getPackage().getImplementationVersion();
      return new String[] {"DQA Workbench " + (v == null ? "dev" : v)};
    }
  }
}
