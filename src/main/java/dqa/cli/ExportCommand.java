package dqa.cli;

import dqa.nn.ModelExport;
import dqa.nn.Network;
import dqa.run.EngineWorker;
import dqa.run.Json;
import dqa.train.ModelLocator;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code export}: writes a model's weights and description as NumPy .npz. */
@Command(name = "export", mixinStandardHelpOptions = true, description = "Export a model as NumPy .npz (PyTorch-style names) with a JSON description.")
final class ExportCommand implements Callable<Integer> {
  @Mixin GlobalOptions global;

  @Option(names = "--model", required = true, paramLabel = "DIR|NAME", description = "A model folder, a run folder, or a shipped model's name.")
  String model;

  @Option(names = "--npz", required = true, paramLabel = "FILE", description = "The .npz file to write.")
  Path npz;

  @Option(names = "--json", description = "Print one JSON object on stdout and nothing else there.")
  boolean json;

  /** What {@code --json} prints. */
  record Output(String model, String npz, String network, int arrays) {}

  @Override
  public Integer call() {
    Path dir = ModelLocator.resolve(model, global.paths().models());
    Output out =
        EngineWorker.shared()
            .call(
                () -> {
                  try (Network net = Network.load(dir, ai.djl.Device.cpu())) {
                    var d = ModelExport.toNpz(net, npz);
                    return new Output(dir.toString(), npz.toString(), net.spec().label(), d.parameters().size());
                  }
                });
    System.out.println(json ? Json.write(out) : "wrote " + out.npz() + " (" + out.arrays() + " arrays of " + out.network() + ")");
    return 0;
  }
}
