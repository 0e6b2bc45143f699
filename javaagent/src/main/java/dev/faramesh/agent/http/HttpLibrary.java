package dev.faramesh.agent.http;

/**
 * The agent side of one HTTP client library whose exchange runs on one thread (OkHttp, Apache
 * HttpClient classic): a hop is decided when the library starts it, redirects are decided as they
 * are followed, and the request head is rewritten where it is written. Library objects arrive as
 * {@code Object} and are read by reflection.
 */
public interface HttpLibrary {

  /** A hop starts: {@code null} (not governed), the denial to throw, or the frame to close later. */
  Object enter(Object request, Object context);

  void exit(Object frame);

  /** The current hop is followed by {@code request} (a redirect): the denial, or {@code null}. */
  Throwable next(Object request);

  /** The request whose head is written: {@code request} itself, or a copy with credentials. */
  Object wire(Object request);

  /**
   * An async library hands {@code exchangeHandler} to a connection: the handler to run instead,
   * or the same object (libraries whose exchange runs on one thread).
   */
  default Object exchange(Object exchangeHandler, boolean decides) {
    return exchangeHandler;
  }
}
