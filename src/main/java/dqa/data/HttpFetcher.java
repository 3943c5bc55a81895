package dqa.data;

import dqa.run.AtomicFiles;
import dqa.run.CancellationToken;
import dqa.run.CancelledException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Downloads one address into one file, resuming an earlier partial transfer where the server allows
 * it.
 *
 * <p>Bytes go to {@code <file>.partial}, which is renamed to {@code <file>} only when complete. A
 * later call resumes it with an HTTP {@code Range} request, guarded by {@code If-Range} with the
 * validator (ETag or Last-Modified) the partial bytes came with, so a changed file is downloaded
 * again rather than spliced. A server answering 200 instead of 206 gets a clean restart, as does a
 * partial it rejects (416) or a 206 starting elsewhere. A dropped connection is retried (resuming)
 * up to {@link DownloadSettings#attemptsPerFile()} times. {@code HttpURLConnection} is used because
 * its read timeout applies to every read, so a stalled transfer cannot hang forever, and because
 * closing it from another thread interrupts a blocked read, which is how cancel takes effect at
 * once.
 */
final class HttpFetcher {

  private static final ScheduledExecutorService WATCHDOG =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "dqa-download-watchdog");
            t.setDaemon(true);
            return t;
          });

  private static final Pattern CONTENT_RANGE = Pattern.compile("bytes\\s+(\\d+)-(\\d+)/(\\d+|\\*)");
  private static final int MAX_REDIRECTS = 5;
  private static final long PROGRESS_INTERVAL_NANOS = 100_000_000L;
  private static final String USER_AGENT = "DQA-Workbench (data set downloader)";

  /** An HTTP error status; 4xx other than 408 and 429 are not worth retrying. */
  static final class HttpStatusException extends IOException {
    private static final long serialVersionUID = 1L;
    final int status;

    HttpStatusException(int status, String reason, URI uri) {
      super("HTTP " + status + (reason == null ? "" : " " + reason) + " for " + uri);
      this.status = status;
    }

    boolean permanent() {
      return status >= 400 && status < 500 && status != 408 && status != 429;
    }
  }

  private final DownloadSettings settings;

  HttpFetcher(DownloadSettings settings) {
    this.settings = settings;
  }

  /**
   * Makes {@code target} hold the complete content of {@code uri}; does nothing if it already
   * exists (a complete earlier download, e.g. the first files of a mirror whose last file failed).
   *
   * @return true when bytes of an earlier attempt were reused, so that content found bad later is
   *     fetched once more from scratch
   */
  boolean fetch(
      URI uri, Path target, String label, DownloadListener listener, CancellationToken cancel)
      throws IOException {
    if (Files.isRegularFile(target)) {
      return true;
    }
    Files.createDirectories(target.toAbsolutePath().getParent());
    Path partial = sibling(target, ".partial");
    boolean resumed = false;
    for (int attempt = 1; ; attempt++) {
      cancel.throwIfCancelled();
      try {
        resumed |= transfer(uri, partial, label, listener, cancel);
        AtomicFiles.move(partial, target);
        Files.deleteIfExists(sibling(target, ".partial.validator"));
        return resumed;
      } catch (HttpStatusException e) {
        if (e.permanent() || attempt >= settings.attemptsPerFile()) {
          throw e;
        }
        listener.status(e.getMessage() + "; retrying");
      } catch (IOException e) {
        if (cancel.isCancelled()) {
          throw new CancelledException();
        }
        // Offline or no server there: trying again at once only keeps the user waiting.
        boolean hopeless =
            e instanceof java.net.UnknownHostException || e instanceof java.net.ConnectException;
        if (hopeless || attempt >= settings.attemptsPerFile()) {
          throw e;
        }
        listener.status(label + ": " + describe(e) + "; retrying");
      }
      pause(settings.retryDelay().multipliedBy(attempt), cancel);
    }
  }

  /** One request; returns true when it appended to bytes already on disk. */
  private boolean transfer(
      URI uri, Path partial, String label, DownloadListener listener, CancellationToken cancel)
      throws IOException {
    Path validatorFile = sibling(partial, ".validator");
    long have = Files.isRegularFile(partial) ? Files.size(partial) : 0;
    String validator =
        have > 0 && Files.isRegularFile(validatorFile)
            ? Files.readString(validatorFile, StandardCharsets.UTF_8).strip()
            : null;
    AtomicReference<HttpURLConnection> live = new AtomicReference<>();
    ScheduledFuture<?> watchdog =
        WATCHDOG.scheduleAtFixedRate(
            () -> {
              HttpURLConnection c = live.get();
              if (c != null && cancel.isCancelled()) {
                c.disconnect();
              }
            },
            50,
            50,
            TimeUnit.MILLISECONDS);
    HttpURLConnection conn = null;
    try {
      conn = open(uri, have, validator, live);
      int code = conn.getResponseCode();
      boolean append;
      if (have > 0 && code == HttpURLConnection.HTTP_PARTIAL) {
        long start = contentRangeStart(conn.getHeaderField("Content-Range"));
        if (start != have) {
          // The server resumed somewhere else: the partial cannot be trusted to line up.
          return restart(uri, partial, label, listener, cancel, conn);
        }
        append = true;
      } else if (code == HttpURLConnection.HTTP_OK) {
        append = false; // no range asked, the server ignores ranges, or the file changed
      } else if (have > 0 && code == 416) {
        return restart(uri, partial, label, listener, cancel, conn); // partial too long or stale
      } else {
        throw new HttpStatusException(code, conn.getResponseMessage(), uri);
      }
      if (!append) {
        have = 0;
        String v = validatorOf(conn);
        if (v == null) {
          Files.deleteIfExists(validatorFile);
        } else {
          Files.writeString(validatorFile, v, StandardCharsets.UTF_8);
        }
      }
      long length = conn.getContentLengthLong();
      long total = length < 0 ? -1 : have + length;
      copy(conn, partial, append, have, total, label, listener, cancel);
      return append;
    } finally {
      watchdog.cancel(false);
      if (conn != null) {
        conn.disconnect();
      }
    }
  }

  private boolean restart(
      URI uri,
      Path partial,
      String label,
      DownloadListener listener,
      CancellationToken cancel,
      HttpURLConnection conn)
      throws IOException {
    conn.disconnect();
    Files.deleteIfExists(partial);
    Files.deleteIfExists(sibling(partial, ".validator"));
    listener.status(label + ": cannot resume the earlier partial download; starting again");
    transfer(uri, partial, label, listener, cancel);
    return false;
  }

  private void copy(
      HttpURLConnection conn,
      Path partial,
      boolean append,
      long have,
      long total,
      String label,
      DownloadListener listener,
      CancellationToken cancel)
      throws IOException {
    long done = have;
    long start = System.nanoTime();
    long lastReport = start;
    listener.progress(new DownloadProgress(done, total, 0, null, label));
    byte[] buf = new byte[1 << 16];
    StandardOpenOption mode =
        append ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING;
    try (InputStream in = conn.getInputStream();
        OutputStream out =
            Files.newOutputStream(
                partial, StandardOpenOption.CREATE, StandardOpenOption.WRITE, mode)) {
      for (int r; (r = in.read(buf)) > 0; ) {
        cancel.throwIfCancelled();
        out.write(buf, 0, r);
        done += r;
        if (total >= 0 && done > total) {
          throw new IOException("server sent more than the announced " + total + " bytes");
        }
        long now = System.nanoTime();
        if (now - lastReport >= PROGRESS_INTERVAL_NANOS) {
          lastReport = now;
          listener.progress(progress(done, have, total, start, now, label));
        }
      }
    }
    cancel.throwIfCancelled();
    if (total >= 0 && done != total) {
      throw new IOException("connection closed after " + done + " of " + total + " bytes");
    }
    listener.progress(progress(done, have, total, start, System.nanoTime(), label));
  }

  private static DownloadProgress progress(
      long done, long have, long total, long startNanos, long nowNanos, String label) {
    double seconds = Math.max(1e-3, (nowNanos - startNanos) / 1e9);
    double rate = (done - have) / seconds;
    Duration eta =
        total >= 0 && rate > 0 ? Duration.ofMillis((long) ((total - done) / rate * 1000)) : null;
    return new DownloadProgress(done, total, rate, eta, label);
  }

  /** Opens a connection, following redirects (http to https included) by hand. */
  private HttpURLConnection open(
      URI uri, long have, String validator, AtomicReference<HttpURLConnection> live)
      throws IOException {
    URI current = uri;
    for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
      String scheme =
          current.getScheme() == null ? "" : current.getScheme().toLowerCase(Locale.ROOT);
      if (!scheme.equals("http") && !scheme.equals("https")) {
        throw new IOException("refusing to follow a redirect to " + current);
      }
      HttpURLConnection conn = (HttpURLConnection) current.toURL().openConnection();
      live.set(conn);
      conn.setInstanceFollowRedirects(false);
      conn.setConnectTimeout((int) settings.connectTimeout().toMillis());
      conn.setReadTimeout((int) settings.readTimeout().toMillis());
      conn.setRequestProperty("User-Agent", USER_AGENT);
      // Byte ranges refer to the stored bytes; a transparently compressed body would not match.
      conn.setRequestProperty("Accept-Encoding", "identity");
      if (have > 0) {
        conn.setRequestProperty("Range", "bytes=" + have + "-");
        if (validator != null) {
          conn.setRequestProperty("If-Range", validator);
        }
      }
      int code = conn.getResponseCode();
      if (code == 301 || code == 302 || code == 303 || code == 307 || code == 308) {
        String location = conn.getHeaderField("Location");
        conn.disconnect();
        if (location == null) {
          throw new HttpStatusException(code, "redirect without Location", current);
        }
        try {
          current = current.resolve(new URI(location));
        } catch (URISyntaxException e) {
          throw new IOException("bad redirect address '" + location + "' from " + current, e);
        }
        continue;
      }
      return conn;
    }
    throw new IOException("more than " + MAX_REDIRECTS + " redirects from " + uri);
  }

  private static String validatorOf(HttpURLConnection conn) {
    String etag = conn.getHeaderField("ETag");
    // A weak ETag must not be used with If-Range; Last-Modified is the fallback.
    if (etag != null && !etag.startsWith("W/")) {
      return etag;
    }
    return conn.getHeaderField("Last-Modified");
  }

  private static long contentRangeStart(String header) {
    if (header == null) {
      return -1;
    }
    Matcher m = CONTENT_RANGE.matcher(header.strip());
    return m.matches() ? Long.parseLong(m.group(1)) : -1;
  }

  private static Path sibling(Path file, String suffix) {
    return file.resolveSibling(file.getFileName() + suffix);
  }

  private static void pause(Duration delay, CancellationToken cancel) {
    long end = System.nanoTime() + delay.toNanos();
    while (System.nanoTime() < end) {
      cancel.throwIfCancelled();
      try {
        Thread.sleep(Math.max(1, Math.min(50, (end - System.nanoTime()) / 1_000_000)));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new CancelledException();
      }
    }
  }

  /** A short description of an I/O failure for messages. */
  static String describe(IOException e) {
    String m = e.getMessage();
    if (e instanceof java.net.SocketTimeoutException) {
      return "timed out" + (m == null ? "" : " (" + m + ")");
    }
    if (e instanceof java.net.UnknownHostException) {
      return "unknown host " + m + " (offline?)";
    }
    if (e instanceof java.net.ConnectException) {
      return "cannot connect" + (m == null ? "" : " (" + m + ")");
    }
    return m == null ? e.getClass().getSimpleName() : m;
  }
}
