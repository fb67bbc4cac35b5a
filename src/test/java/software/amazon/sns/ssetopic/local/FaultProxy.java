package software.amazon.sns.ssetopic.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * Test tooling: an HTTP/1.1 proxy on loopback between the handler's SDK clients and the local AWS
 * (moto) that knows which AWS action each request is and can make the next requests of an action
 * fail the ways a real endpoint fails: slow, an AWS error in the service's own protocol, a 500 with
 * an HTML body, a connection reset, a call that takes effect while its answer is lost, an answer
 * that does not parse, and an endpoint that never answers.
 *
 * <p>Why a proxy of our own and not WireMock: WireMock brings Jetty and a large dependency tree
 * into the test classpath of a project that watches its footprint, and what these tests need is
 * what it does least naturally: matching on the AWS action (the {@code X-Amz-Target} header of the
 * KMS JSON protocol, the {@code Action} form field of the SNS query protocol), errors written in
 * each service's wire format, and "forward, let the call take effect, then reset the connection
 * without answering". On a raw socket each of those is a few lines; the reset is {@code SO_LINGER
 * 0} and a close.
 *
 * <p>Every request is forwarded on a fresh upstream connection; the client side keeps its
 * connection alive across requests ({@code Content-Length} or chunked request bodies). Faults are
 * queued per action and consumed in order by the matching requests.
 */
public final class FaultProxy implements AutoCloseable {

  /** How one request fails. */
  public enum Kind {
    /** Waits, then forwards: the call succeeds late. */
    DELAY,
    /** Answers an AWS error in the service's protocol without forwarding. */
    AWS_ERROR,
    /** Answers 500 with an HTML body, as a load balancer in front of a service may. */
    HTML_500,
    /** Resets the connection without forwarding or answering. */
    RESET,
    /** Forwards (the call takes effect), then resets the connection instead of answering. */
    ANSWER_LOST,
    /** Answers 200 with a body that is neither XML nor JSON, without forwarding. */
    UNPARSEABLE,
    /** Never answers until the client gives up (or the proxy's hang limit passes). */
    HANG
  }

  /** One fault; {@link #label()} is how tables name it. */
  public record Fault(Kind kind, long delayMillis, String code, int httpStatus) {
    public static Fault delay(final long millis) {
      return new Fault(Kind.DELAY, millis, null, 0);
    }

    public static Fault awsError(final String code, final int httpStatus) {
      return new Fault(Kind.AWS_ERROR, 0, code, httpStatus);
    }

    public static Fault of(final Kind kind) {
      if (kind == Kind.DELAY || kind == Kind.AWS_ERROR) {
        throw new IllegalArgumentException(kind + " needs parameters: use delay() or awsError()");
      }
      return new Fault(kind, 0, null, 0);
    }

    public String label() {
      return switch (kind) {
        case DELAY -> "DELAY(" + delayMillis + "ms)";
        case AWS_ERROR -> "AWS_ERROR(" + code + "," + httpStatus + ")";
        default -> kind.name();
      };
    }
  }

  /** A request the proxy saw: its action and the fault it got, if any. */
  public record Seen(String action, Fault fault) {}

  private static final Pattern TARGET = Pattern.compile("^[A-Za-z0-9_]+\\.([A-Za-z0-9]+)$");
  private static final Pattern SCOPE =
      Pattern.compile("Credential=[^/]+/\\d{8}/[a-z0-9-]+/([a-z0-9-]+)/aws4_request");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final URI upstream;
  private final Duration hangLimit;
  private final ServerSocket server;
  private final ExecutorService workers =
      Executors.newCachedThreadPool(
          r -> {
            final Thread t = new Thread(r, "fault-proxy");
            t.setDaemon(true);
            return t;
          });
  private final Set<Socket> clients = ConcurrentHashMap.newKeySet();
  private final List<Rule> rules = new ArrayList<>();
  private final List<Seen> seen = new ArrayList<>();

  /** A queue entry: skip the first {@code skip} matching requests, then fault {@code times}. */
  private static final class Rule {
    final String action;
    final Fault fault;
    int skip;
    int times;

    Rule(final String action, final Fault fault, final int skip, final int times) {
      this.action = action;
      this.fault = fault;
      this.skip = skip;
      this.times = times;
    }
  }

  /**
   * Starts the proxy on an ephemeral loopback port.
   *
   * @param upstream the local AWS, for example {@code http://127.0.0.1:5000}
   * @param hangLimit how long a HANG holds a request at most, so nothing runs forever
   */
  public FaultProxy(final URI upstream, final Duration hangLimit) throws IOException {
    this.upstream = upstream;
    this.hangLimit = hangLimit;
    this.server = new ServerSocket();
    server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    workers.execute(this::acceptLoop);
  }

  /** The URL SDK clients use as their endpoint. */
  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getLocalPort());
  }

  /** Faults the next {@code times} requests of {@code action} (for example "kms:PutKeyPolicy"). */
  public void inject(final String action, final Fault fault, final int times) {
    inject(action, fault, 0, times);
  }

  /** As {@link #inject(String, Fault, int)}, after letting the first {@code skip} ones through. */
  public synchronized void inject(
      final String action, final Fault fault, final int skip, final int times) {
    rules.add(new Rule(action, fault, skip, times));
  }

  /** Forgets queued faults and the requests seen so far. */
  public synchronized void reset() {
    rules.clear();
    seen.clear();
  }

  /** The requests seen since the last reset, in order. */
  public synchronized List<Seen> seen() {
    return List.copyOf(seen);
  }

  /** The actions seen since the last reset, in order. */
  public synchronized List<String> actions() {
    return seen.stream().map(Seen::action).toList();
  }

  @Override
  public void close() throws IOException {
    server.close();
    for (Socket client : clients) {
      client.close();
    }
    workers.shutdownNow();
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try {
        final Socket client = server.accept();
        clients.add(client);
        workers.execute(() -> serve(client));
      } catch (IOException e) {
        // The server socket was closed: the proxy is shutting down.
        return;
      }
    }
  }

  private synchronized Fault take(final String action) {
    Fault fault = null;
    final Iterator<Rule> it = rules.iterator();
    while (it.hasNext()) {
      final Rule rule = it.next();
      if (!rule.action.equals(action)) {
        continue;
      }
      if (rule.skip > 0) {
        rule.skip--;
        break;
      }
      fault = rule.fault;
      if (--rule.times <= 0) {
        it.remove();
      }
      break;
    }
    seen.add(new Seen(action, fault));
    return fault;
  }

  private void serve(final Socket client) {
    try (client) {
      final InputStream in = new BufferedInputStream(client.getInputStream());
      final OutputStream out = client.getOutputStream();
      while (true) {
        final Request request = Request.read(in);
        if (request == null) {
          return;
        }
        final Fault fault = take(request.action());
        if (fault == null) {
          forward(request).writeTo(out);
          continue;
        }
        switch (fault.kind()) {
          case DELAY -> {
            Thread.sleep(fault.delayMillis());
            forward(request).writeTo(out);
          }
          case AWS_ERROR -> awsError(request, fault).writeTo(out);
          case HTML_500 ->
              new Response(
                      500,
                      "Internal Server Error",
                      Map.of("Content-Type", "text/html"),
                      "<html><body><h1>500 Internal Server Error</h1></body></html>"
                          .getBytes(StandardCharsets.UTF_8))
                  .writeTo(out);
          case RESET -> {
            reset(client);
            return;
          }
          case ANSWER_LOST -> {
            forward(request);
            reset(client);
            return;
          }
          case UNPARSEABLE ->
              new Response(
                      200,
                      "OK",
                      Map.of("Content-Type", request.isJsonProtocol() ? JSON_TYPE : "text/xml"),
                      "<<< not XML, {not JSON".getBytes(StandardCharsets.UTF_8))
                  .writeTo(out);
          case HANG -> {
            hang(client, in);
            return;
          }
        }
      }
    } catch (IOException e) {
      // The client went away or the proxy is closing: nothing to answer.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      clients.remove(client);
    }
  }

  private static final String JSON_TYPE = "application/x-amz-json-1.1";

  /** Closes with SO_LINGER 0, which sends a TCP reset instead of an orderly close. */
  private static void reset(final Socket client) throws IOException {
    client.setSoLinger(true, 0);
    client.close();
  }

  /** Waits until the client closes its side (it gave up) or the hang limit passes. */
  private void hang(final Socket client, final InputStream in) throws IOException {
    client.setSoTimeout((int) Math.max(1, hangLimit.toMillis()));
    try {
      while (in.read() != -1) {
        // A client that gave up closes; anything else it sends is ignored.
      }
    } catch (SocketTimeoutException | SocketException e) {
      // Limit reached, or the connection broke: stop holding it.
    }
  }

  private Response awsError(final Request request, final Fault fault) throws IOException {
    final String requestId = UUID.randomUUID().toString();
    final String message = "Injected by FaultProxy on " + request.action();
    final String reason = fault.httpStatus() >= 500 ? "Internal Server Error" : "Bad Request";
    if (request.isJsonProtocol()) {
      final ObjectNode body = JSON.createObjectNode();
      body.put("__type", fault.code());
      body.put("message", message);
      final Map<String, String> headers = new LinkedHashMap<>();
      headers.put("Content-Type", JSON_TYPE);
      headers.put("x-amzn-RequestId", requestId);
      headers.put("x-amzn-ErrorType", fault.code());
      return new Response(fault.httpStatus(), reason, headers, JSON.writeValueAsBytes(body));
    }
    final StringWriter xml = new StringWriter();
    try {
      final XMLStreamWriter w = XMLOutputFactory.newInstance().createXMLStreamWriter(xml);
      w.writeStartElement("ErrorResponse");
      w.writeDefaultNamespace("http://sns.amazonaws.com/doc/2010-03-31/");
      w.writeStartElement("Error");
      element(w, "Type", fault.httpStatus() >= 500 ? "Receiver" : "Sender");
      element(w, "Code", fault.code());
      element(w, "Message", message);
      w.writeEndElement();
      element(w, "RequestId", requestId);
      w.writeEndElement();
      w.close();
    } catch (XMLStreamException e) {
      throw new IOException(e);
    }
    return new Response(
        fault.httpStatus(),
        reason,
        Map.of("Content-Type", "text/xml", "x-amzn-RequestId", requestId),
        xml.toString().getBytes(StandardCharsets.UTF_8));
  }

  private static void element(final XMLStreamWriter w, final String name, final String text)
      throws XMLStreamException {
    w.writeStartElement(name);
    w.writeCharacters(text);
    w.writeEndElement();
  }

  /** Sends the request to the local AWS on a new connection and reads the whole answer. */
  private Response forward(final Request request) throws IOException {
    try (Socket up = new Socket(upstream.getHost(), upstream.getPort())) {
      up.setSoTimeout(60_000);
      final OutputStream out = up.getOutputStream();
      final ByteArrayOutputStream head = new ByteArrayOutputStream();
      head.write((request.requestLine + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
      for (Map.Entry<String, String> header : request.headers) {
        final String name = header.getKey().toLowerCase(Locale.ROOT);
        if (name.equals("connection")
            || name.equals("transfer-encoding")
            || name.equals("content-length")
            || name.equals("expect")) {
          continue;
        }
        head.write(
            (header.getKey() + ": " + header.getValue() + "\r\n")
                .getBytes(StandardCharsets.ISO_8859_1));
      }
      head.write(
          ("Content-Length: " + request.body.length + "\r\nConnection: close\r\n\r\n")
              .getBytes(StandardCharsets.ISO_8859_1));
      out.write(head.toByteArray());
      out.write(request.body);
      out.flush();
      return Response.read(new BufferedInputStream(up.getInputStream()));
    }
  }

  /** One HTTP request as read from the client. */
  private record Request(String requestLine, List<Map.Entry<String, String>> headers, byte[] body) {

    static Request read(final InputStream in) throws IOException {
      String line = readLine(in);
      while (line != null && line.isEmpty()) {
        line = readLine(in);
      }
      if (line == null) {
        return null;
      }
      final List<Map.Entry<String, String>> headers = readHeaders(in);
      final boolean expectContinue =
          "100-continue".equalsIgnoreCase(headerValue(headers, "Expect"));
      if (expectContinue) {
        // Never sent by the SDK's URL-connection client; refused rather than half-supported.
        throw new IOException("Expect: 100-continue is not supported");
      }
      return new Request(line, headers, readBody(in, headers));
    }

    String header(final String name) {
      return headerValue(headers, name);
    }

    boolean isJsonProtocol() {
      return header("X-Amz-Target") != null;
    }

    /** "kms:PutKeyPolicy", "sns:CreateTopic"; "unknown" when neither protocol names one. */
    String action() {
      final String service = service();
      final String target = header("X-Amz-Target");
      if (target != null) {
        final Matcher m = TARGET.matcher(target.trim());
        return service + ":" + (m.matches() ? m.group(1) : target);
      }
      for (String pair : new String(body, StandardCharsets.UTF_8).split("&")) {
        final int eq = pair.indexOf('=');
        if (eq > 0
            && URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8).equals("Action")) {
          return service + ":" + URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
        }
      }
      return service + ":unknown";
    }

    /** The service from the SigV4 credential scope; KMS also from its target prefix. */
    private String service() {
      final String authorization = header("Authorization");
      if (authorization != null) {
        final Matcher m = SCOPE.matcher(authorization);
        if (m.find()) {
          return m.group(1);
        }
      }
      final String target = header("X-Amz-Target");
      return target != null && target.startsWith("TrentService.") ? "kms" : "unknown";
    }
  }

  /** One HTTP response, always written with a Content-Length so the connection stays usable. */
  private record Response(int status, String reason, Map<String, String> headers, byte[] body) {

    static Response read(final InputStream in) throws IOException {
      final String statusLine = readLine(in);
      if (statusLine == null) {
        throw new IOException("upstream closed without answering");
      }
      final String[] parts = statusLine.split(" ", 3);
      final List<Map.Entry<String, String>> headers = readHeaders(in);
      final Map<String, String> kept = new LinkedHashMap<>();
      for (Map.Entry<String, String> header : headers) {
        final String name = header.getKey().toLowerCase(Locale.ROOT);
        if (!name.equals("connection")
            && !name.equals("transfer-encoding")
            && !name.equals("content-length")
            && !name.equals("keep-alive")) {
          kept.put(header.getKey(), header.getValue());
        }
      }
      final byte[] body =
          headerValue(headers, "Content-Length") != null
                  || "chunked".equalsIgnoreCase(headerValue(headers, "Transfer-Encoding"))
              ? readBody(in, headers)
              : in.readAllBytes();
      return new Response(Integer.parseInt(parts[1]), parts.length > 2 ? parts[2] : "", kept, body);
    }

    void writeTo(final OutputStream out) throws IOException {
      final StringBuilder head = new StringBuilder();
      head.append("HTTP/1.1 ").append(status).append(' ').append(reason).append("\r\n");
      headers.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
      head.append("Content-Length: ").append(body.length).append("\r\n");
      head.append("Connection: keep-alive\r\n\r\n");
      out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
      out.write(body);
      out.flush();
    }
  }

  private static String headerValue(
      final List<Map.Entry<String, String>> headers, final String name) {
    for (Map.Entry<String, String> header : headers) {
      if (header.getKey().equalsIgnoreCase(name)) {
        return header.getValue();
      }
    }
    return null;
  }

  private static List<Map.Entry<String, String>> readHeaders(final InputStream in)
      throws IOException {
    final List<Map.Entry<String, String>> headers = new ArrayList<>();
    String line;
    while ((line = readLine(in)) != null && !line.isEmpty()) {
      final int colon = line.indexOf(':');
      if (colon > 0) {
        headers.add(Map.entry(line.substring(0, colon).trim(), line.substring(colon + 1).trim()));
      }
    }
    return headers;
  }

  private static byte[] readBody(
      final InputStream in, final List<Map.Entry<String, String>> headers) throws IOException {
    if ("chunked".equalsIgnoreCase(headerValue(headers, "Transfer-Encoding"))) {
      final ByteArrayOutputStream body = new ByteArrayOutputStream();
      while (true) {
        final String sizeLine = readLine(in);
        if (sizeLine == null) {
          throw new IOException("connection closed inside a chunked body");
        }
        final int size = Integer.parseInt(sizeLine.split(";", 2)[0].trim(), 16);
        if (size == 0) {
          readHeaders(in); // trailers, up to the empty line
          return body.toByteArray();
        }
        body.write(in.readNBytes(size));
        readLine(in);
      }
    }
    final String length = headerValue(headers, "Content-Length");
    if (length == null) {
      return new byte[0];
    }
    final int n = Integer.parseInt(length.trim());
    final byte[] body = in.readNBytes(n);
    if (body.length != n) {
      throw new IOException("connection closed inside a body");
    }
    return body;
  }

  /** One CRLF-terminated line, or null at the end of the stream. */
  private static String readLine(final InputStream in) throws IOException {
    final ByteArrayOutputStream line = new ByteArrayOutputStream();
    int b;
    while ((b = in.read()) != -1) {
      if (b == '\n') {
        final byte[] bytes = line.toByteArray();
        final int end =
            bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
        return new String(bytes, 0, end, StandardCharsets.ISO_8859_1);
      }
      line.write(b);
    }
    return line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
  }
}
