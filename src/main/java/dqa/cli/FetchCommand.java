package dqa.cli;

import dqa.data.Dataset;
import dqa.data.DatasetDownloader;
import dqa.data.DatasetId;
import dqa.data.DownloadListener;
import dqa.data.DownloadProgress;
import dqa.run.CancellationToken;
import dqa.run.Json;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code fetch}: downloads a data set into the user cache, or imports a local copy. */
@Command(
    name = "fetch",
    mixinStandardHelpOptions = true,
    description = "Download a data set into the cache (mirrors tried in order, resumable, verified), or import a local copy with --from.")
final class FetchCommand implements Callable<Integer> {
  @Mixin GlobalOptions global;

  @Parameters(paramLabel = "DATASET", description = "mnist, fashion-mnist or cifar10.")
  String dataset;

  @Option(
      names = "--from",
      paramLabel = "DIR|FILE",
      description =
          "Import from a folder or a .tar.gz/.tgz archive instead of downloading. For cifar10 also an image"
              + " folder (train/<class>/*.jpg|png and test/<class>/…, as a folder, .tar.gz or .zip), decoded once"
              + " into the cache and labelled as a copy, e.g. \"CIFAR-10 (JPEG copy)\".")
  Path from;

  @Option(names = "--restart", description = "Discard partial downloads and start over.")
  boolean restart;

  @Option(names = "--json", description = "Print one JSON object on stdout and nothing else there.")
  boolean json;

  /** What {@code --json} prints. */
  record Output(String id, String name, String folder, int train, int test, boolean verified, String sha256) {}

  @Override
  public Integer call() {
    DatasetId id = DatasetId.parse(dataset);
    DatasetDownloader downloader = DatasetDownloader.standard(global.paths());
    CancellationToken cancel = CliSignals.cancelOnInterrupt();
    TerminalProgress bar = new TerminalProgress(System.err, false);
    DownloadListener listener =
        new DownloadListener() {
          @Override
          public void progress(DownloadProgress p) {
            bar.update(p.totalBytes() > 0 ? p.fraction() : 0, p.describe());
          }

          @Override
          public void status(String message) {
            bar.line(message);
          }

          @Override
          public void work(long done, long total, String message) {
            bar.update(total > 0 ? (double) done / total : 0, message);
          }
        };
    if (restart) {
      downloader.discardPartialDownloads(id);
    }
    Dataset d =
        from != null ? downloader.importFrom(id, from, listener, cancel) : downloader.download(id, listener, cancel);
    bar.done();
    Output out =
        new Output(id.key(), d.displayName(), d.location().folder().toString(), d.train().count(), d.test().count(), d.verified(),
            d.sha256());
    if (json) {
      System.out.println(Json.write(out));
    } else {
      System.out.printf(Locale.ROOT, "%s installed in %s: %d train, %d test images, %s%n", d.displayName(), out.folder(),
          out.train(), out.test(),
          out.verified()
              ? "verified against the published SHA-256"
              : d.copy() != null ? "re-encoded images, not the official files" : "not verified");
    }
    return 0;
  }
}
