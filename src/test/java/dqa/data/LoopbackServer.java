package dqa.data;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A small HTTP server on 127.0.0.1 for downloader tests: ranges, drops, throttling, redirects. */
final class LoopbackServer implements AutoCloseable {

  /** One request as the server saw it. */
  record Request(String path, String range, String ifRange) {}

  /** How a path is served. */
  static final class Resource {
    final byte[] body;
    final String etag;
    boolean ranges = true;

    /** Bytes sent before the connection is dropped, for the first {@code drops} requests. */
    int dropAfter = -1;

    final AtomicInteger drops = new AtomicInteger();

    /** Pause after each 4 kB chunk, to make a transfer slow enough to cancel. */
    long chunkDelayMillis;

    Resource(byte[] body) {
      this.body = body;
      this.etag = "\"" + Integer.toHexString(java.util.Arrays.hashCode(body)) + "\"";
    }
  }

  private static final Pattern RANGE = Pattern.compile("bytes=(\\d+)-");

  private final HttpServer server;
  private final ExecutorService executor = Executors.newCachedThreadPool();
  private final Map<String, Resource> resources = new ConcurrentHashMap<>();
  private final Map<String, String> redirects = new ConcurrentHashMap<>();
  final List<Request> requests = new CopyOnWriteArrayList<>();

  LoopbackServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.setExecutor(executor);
    server.start();
  }

  /** The server's address plus {@code path}, e.g. {@code http://127.0.0.1:4711/mnist/}. */
  String url(String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  Resource serve(String path, byte[] body) {
    Resource r = new Resource(body);
    resources.put(path, r);
    return r;
  }

  void redirect(String from, String to) {
    redirects.put(from, to);
  }

  List<Request> requestsFor(String path) {
    return requests.stream().filter(r -> r.path().equals(path)).toList();
  }

  private void handle(HttpExchange ex) throws IOException {
    String path = ex.getRequestURI().getPath();
    String range = ex.getRequestHeaders().getFirst("Range");
    String ifRange = ex.getRequestHeaders().getFirst("If-Range");
    requests.add(new Request(path, range, ifRange));
    try (ex) {
      String to = redirects.get(path);
      if (to != null) {
        ex.getResponseHeaders().add("Location", to);
        ex.sendResponseHeaders(302, -1);
        return;
      }
      Resource r = resources.get(path);
      if (r == null) {
        ex.sendResponseHeaders(404, -1);
        return;
      }
      int start = 0;
      int status = 200;
      ex.getResponseHeaders().add("ETag", r.etag);
      Matcher m = range == null ? null : RANGE.matcher(range);
      boolean honour =
          r.ranges && m != null && m.matches() && (ifRange == null || ifRange.equals(r.etag));
      if (honour) {
        start = Integer.parseInt(m.group(1));
        if (start >= r.body.length) {
          ex.getResponseHeaders().add("Content-Range", "bytes */" + r.body.length);
          ex.sendResponseHeaders(416, -1);
          return;
        }
        status = 206;
        ex.getResponseHeaders()
            .add(
                "Content-Range",
                "bytes " + start + "-" + (r.body.length - 1) + "/" + r.body.length);
      }
      int length = r.body.length - start;
      ex.sendResponseHeaders(status, length);
      OutputStream out = ex.getResponseBody();
      int limit = length;
      if (r.dropAfter >= 0 && r.drops.getAndDecrement() > 0) {
        limit = Math.min(r.dropAfter, length);
      }
      for (int off = 0; off < limit; off += 4096) {
        out.write(r.body, start + off, Math.min(4096, limit - off));
        out.flush();
        if (r.chunkDelayMillis > 0) {
          Thread.sleep(r.chunkDelayMillis);
        }
      }
      // Closing with fewer bytes than announced makes the server drop the connection.
    } catch (IOException | InterruptedException e) {
      // The client went away, or this is a deliberate drop.
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
